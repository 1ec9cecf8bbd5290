package dev.altus.image.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image service's default policy rules (oslo.policy language). Like Glance's legacy defaults,
 * any authenticated caller may attempt an action; the service then applies ownership and
 * visibility (a project never changes another project's image, publicizing needs admin).
 */
public final class ImagePolicies {
  private ImagePolicies() {}

  public static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("context_is_admin", "role:admin");
    m.put("default", "");
    for (String a : new String[] {"add_image", "get_image", "get_images", "modify_image",
        "delete_image", "upload_image", "download_image", "deactivate", "reactivate",
        "add_member", "get_member", "get_members", "modify_member", "delete_member"}) {
      m.put(a, "rule:default");
    }
    return m;
  }
}
