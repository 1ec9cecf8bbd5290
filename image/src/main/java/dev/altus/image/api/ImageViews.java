package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.image.model.Image;
import dev.altus.image.model.Member;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The JSON shapes of images and members, as Glance v2 renders them. */
final class ImageViews {
  private ImageViews() {}

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static ObjectNode image(Image i) {
    ObjectNode o = Json.object();
    for (Map.Entry<String, String> p : i.properties().entrySet()) {
      o.put(p.getKey(), p.getValue());
    }
    o.put("id", i.id());
    o.put("name", i.name());
    o.put("status", i.status().wire());
    o.put("visibility", i.visibility());
    o.put("owner", i.owner());
    o.put("disk_format", i.diskFormat());
    o.put("container_format", i.containerFormat());
    o.put("size", i.size());
    o.put("virtual_size", i.virtualSize());
    o.put("checksum", i.checksum());
    o.put("os_hash_algo", i.osHashAlgo());
    o.put("os_hash_value", i.osHashValue());
    o.put("min_disk", i.minDisk());
    o.put("min_ram", i.minRam());
    o.put("protected", i.isProtected());
    o.put("os_hidden", i.osHidden());
    var tags = o.putArray("tags");
    i.tags().forEach(tags::add);
    o.put("created_at", time(i.createdAt()));
    o.put("updated_at", time(i.updatedAt()));
    o.put("self", "/v2/images/" + i.id());
    o.put("file", "/v2/images/" + i.id() + "/file");
    o.put("schema", "/v2/schemas/image");
    return o;
  }

  static ObjectNode member(Member m) {
    ObjectNode o = Json.object();
    o.put("image_id", m.imageId());
    o.put("member_id", m.memberId());
    o.put("status", m.status());
    o.put("created_at", time(m.createdAt()));
    o.put("updated_at", time(m.updatedAt()));
    o.put("schema", "/v2/schemas/member");
    return o;
  }
}
