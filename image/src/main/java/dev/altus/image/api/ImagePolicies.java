package dev.altus.image.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image service's default policy rules by Glance's names (oslo.policy language). Any
 * authenticated caller may read; writing needs the member role (or admin), so a project's readers
 * only look; the service then applies ownership and visibility (a project never changes another
 * project's image). Making an image public needs admin ({@code publicize_image}), making it
 * community a member ({@code communitize_image}). Metadata definitions are written by admins only,
 * as in Glance.
 */
public final class ImagePolicies {
  private ImagePolicies() {}

  public static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("context_is_admin", "role:admin");
    m.put("default", "");
    m.put("member_or_admin", "role:member or role:admin");
    for (String a : new String[] {"get_image", "get_images", "download_image", "get_member",
        "get_members"}) {
      m.put(a, "rule:default");
    }
    for (String a : new String[] {"add_image", "modify_image", "delete_image", "upload_image",
        "add_member", "modify_member", "delete_member", "stage_image", "import_image",
        "deactivate", "reactivate"}) {
      m.put(a, "rule:member_or_admin");
    }
    m.put("publicize_image", "rule:context_is_admin");
    m.put("communitize_image", "rule:member_or_admin");
    m.put("metadef_admin", "role:admin");
    m.put("metadef_default", "");
    for (String a : new String[] {"get_metadef_namespace", "get_metadef_namespaces",
        "get_metadef_object", "get_metadef_objects", "get_metadef_property",
        "get_metadef_properties", "get_metadef_tag", "get_metadef_tags",
        "list_metadef_resource_types", "get_metadef_resource_type"}) {
      m.put(a, "rule:metadef_default");
    }
    for (String a : new String[] {"add_metadef_namespace", "modify_metadef_namespace",
        "delete_metadef_namespace", "add_metadef_object", "modify_metadef_object",
        "delete_metadef_object", "add_metadef_property", "modify_metadef_property",
        "remove_metadef_property", "add_metadef_tag", "add_metadef_tags", "modify_metadef_tag",
        "delete_metadef_tag", "delete_metadef_tags", "add_metadef_resource_type_association",
        "remove_metadef_resource_type_association"}) {
      m.put(a, "rule:metadef_admin");
    }
    return m;
  }
}
