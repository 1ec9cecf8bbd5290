package dev.altus.compute.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.compute.metadata.InstanceMetadata.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paths of a server's metadata and what each holds, as Nova lays them out: {@code /} lists
 * the EC2 versions, {@code /<version>/meta-data/...} walks the EC2 tree (a directory lists its
 * entries, sub-directories with a trailing {@code /}), {@code /openstack/<version>/<file>} the
 * OpenStack documents. The metadata service answers requests with it and the config drive is
 * written from it, so both show a guest the same thing.
 */
public final class MetadataTree {
  private MetadataTree() {}

  static final String TEXT = "text/plain; charset=UTF-8";
  static final String JSON = "application/json";

  /** What a path holds. */
  public sealed interface Answer permits Document, NotFound, Password {}

  /** A document (or a listing) and its content type. */
  public record Document(String contentType, byte[] body) implements Answer {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Nothing at that path (for this server, or at this version). */
  public record NotFound(String path) implements Answer {}

  /** The guest's password slot: GET reads it, one POST sets it. */
  public record Password() implements Answer {}

  /** Splits a request path into its segments, resolving {@code .} and {@code ..}. */
  public static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The listing of {@code /}: every EC2 version and latest (needs no instance). */
  public static Document root() {
    return listing(versions(MetadataVersions.EC2));
  }

  /** What {@code segments} (from {@link #segments}) holds for the server {@code md} describes. */
  public static Answer lookup(InstanceMetadata md, List<String> segments) {
    String path = "/" + String.join("/", segments);
    if (segments.isEmpty()) {
      return root();
    }
    if (segments.get(0).equals("openstack")) {
      return openstack(md, segments.subList(1, segments.size()), path);
    }
    List<String> ec2 = segments.get(0).equals("ec2") ? segments.subList(1, segments.size())
        : segments;
    return ec2.isEmpty() ? root() : ec2(md, ec2, path);
  }

  private static List<String> versions(List<String> all) {
    List<String> v = new ArrayList<>(all);
    v.add(MetadataVersions.LATEST);
    return v;
  }

  private static Answer openstack(InstanceMetadata md, List<String> s, String path) {
    if (s.isEmpty()) {
      return listing(versions(MetadataVersions.OPENSTACK));
    }
    if (s.get(0).equals("content")) {
      if (s.size() != 2) {
        return new NotFound(path);
      }
      List<InstanceMetadata.File> files = md.files();
      for (int i = 0; i < files.size(); i++) {
        if (InstanceMetadata.contentName(i).equals(s.get(1))) {
          return new Document(TEXT, files.get(i).contents());
        }
      }
      return new NotFound(path);
    }
    String version = MetadataVersions.openstack(s.get(0));
    if (version == null || s.size() > 2) {
      return new NotFound(path);
    }
    if (s.size() == 1) {
      return listing(md.openstackListing(version));
    }
    String name = s.get(1);
    if (name.equals(Names.PASSWORD)) {
      return md.openstackListing(version).contains(name) ? new Password() : new NotFound(path);
    }
    if (name.equals(Names.USER_DATA)) {
      byte[] u = md.userData();
      return u == null ? new NotFound(path) : new Document(TEXT, u);
    }
    if (!md.openstackListing(version).contains(name)) {
      return new NotFound(path);
    }
    JsonNode doc = switch (name) {
      case Names.META_DATA -> md.metaData(version);
      case Names.NETWORK_DATA -> md.networkData();
      case Names.VENDOR_DATA -> md.vendorData();
      case Names.VENDOR_DATA2 -> md.vendorData2();
      default -> null;
    };
    return doc == null ? new NotFound(path) : json(doc);
  }

  private static Answer ec2(InstanceMetadata md, List<String> s, String path) {
    String version = MetadataVersions.ec2(s.get(0));
    if (version == null) {
      return new NotFound(path);
    }
    Object node = md.ec2(version);
    for (String name : s.subList(1, s.size())) {
      if (!(node instanceof Map<?, ?> dir) || name.equals("_name") || !dir.containsKey(name)) {
        return new NotFound(path);
      }
      node = dir.get(name);
    }
    return ec2Render(node);
  }

  /** An EC2 node as the service shows it: a directory's entries, a list's lines, a value. */
  private static Document ec2Render(Object node) {
    if (node instanceof Map<?, ?> dir) {
      List<String> lines = new ArrayList<>();
      for (Object key : new TreeSet<>(dir.keySet())) {
        if (key.equals("_name")) {
          continue;
        }
        Object v = dir.get(key);
        if (v instanceof Map<?, ?> sub) {
          lines.add(sub.containsKey("_name") ? String.valueOf(sub.get("_name")) : key + "/");
        } else {
          lines.add(String.valueOf(key));
        }
      }
      return listing(lines);
    }
    if (node instanceof List<?> list) {
      return listing(list.stream().map(String::valueOf).toList());
    }
    if (node instanceof byte[] bytes) {
      return new Document(TEXT, bytes);
    }
    return new Document(TEXT, String.valueOf(node).getBytes(StandardCharsets.UTF_8));
  }

  private static Document listing(List<String> lines) {
    return new Document(TEXT, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private static Document json(JsonNode doc) {
    return new Document(JSON, Json.bytes(doc));
  }

  /**
   * Every file of a config drive, by path under its root: {@code ec2/<version>/meta-data.json}
   * (and {@code user-data}) for the EC2 versions a drive carries, {@code openstack/<version>/...}
   * for every OpenStack version and latest, and {@code openstack/content/NNNN} for the
   * personality files that {@code meta_data.json} names.
   */
  public static Map<String, byte[]> configDrive(InstanceMetadata md) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String name : MetadataVersions.EC2_ON_CONFIG_DRIVE) {
      Map<String, Object> tree = md.ec2(MetadataVersions.ec2(name));
      out.put("ec2/" + name + "/meta-data.json", json(ec2Json(tree.get("meta-data"))).body());
      if (tree.get("user-data") instanceof byte[] user) {
        out.put("ec2/" + name + "/user-data", user);
      }
    }
    for (String name : versions(MetadataVersions.OPENSTACK)) {
      String version = MetadataVersions.openstack(name);
      for (String file : md.openstackListing(version)) {
        if (file.equals(Names.PASSWORD)) {
          continue; // a drive is read-only: the password is the service's alone
        }
        if (lookup(md, List.of("openstack", name, file)) instanceof Document d) {
          out.put("openstack/" + name + "/" + file, d.body());
        }
      }
    }
    for (int i = 0; i < md.files().size(); i++) {
      out.put("openstack/content/" + InstanceMetadata.contentName(i), md.files().get(i)
          .contents());
    }
    return out;
  }

  /** The EC2 meta-data tree as JSON (a drive's meta-data.json), without listing names. */
  private static JsonNode ec2Json(Object node) {
    if (node instanceof Map<?, ?> dir) {
      ObjectNode o = Json.object();
      dir.forEach((k, v) -> {
        if (!"_name".equals(k)) {
          o.set(String.valueOf(k), ec2Json(v));
        }
      });
      return o;
    }
    if (node instanceof List<?> list) {
      ArrayNode a = Json.MAPPER.createArrayNode();
      list.forEach(v -> a.add(String.valueOf(v)));
      return a;
    }
    if (node instanceof Integer i) {
      return Json.MAPPER.getNodeFactory().numberNode(i);
    }
    return Json.MAPPER.getNodeFactory().textNode(String.valueOf(node));
  }
}
