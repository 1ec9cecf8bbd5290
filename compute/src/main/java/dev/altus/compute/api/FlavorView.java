package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.compute.model.Flavor;

/**
 * A flavor's JSON as Nova shows it at a microversion: {@code description} from 2.55, {@code
 * extra_specs} from 2.61 (to callers allowed to read them), and {@code swap} 0 instead of "" from
 * 2.75.
 */
public final class FlavorView {
  private final ResourceLinks links;

  public FlavorView(ResourceLinks links) {
    this.links = links;
  }

  /** The brief form of the flavor list: id, name, links (and description from 2.55). */
  public ObjectNode brief(Flavor f, Microversion v) {
    ObjectNode o = Json.object();
    o.put("id", f.id());
    o.put("name", f.name());
    o.set("links", links.of("flavors", f.id()));
    if (v.atLeast(55)) {
      o.put("description", f.description());
    }
    return o;
  }

  /** The full form of show, detail, create and update. */
  public ObjectNode full(Flavor f, Microversion v, boolean withExtraSpecs) {
    ObjectNode o = Json.object();
    o.put("id", f.id());
    o.put("name", f.name());
    o.put("ram", f.memoryMb());
    o.put("disk", f.rootGb());
    if (f.swapMb() == 0 && !v.atLeast(75)) {
      o.put("swap", "");
    } else {
      o.put("swap", f.swapMb());
    }
    o.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
    o.put("OS-FLV-DISABLED:disabled", f.disabled());
    o.put("vcpus", f.vcpus());
    o.put("os-flavor-access:is_public", f.isPublic());
    o.put("rxtx_factor", f.rxtxFactor());
    o.set("links", links.of("flavors", f.id()));
    if (v.atLeast(55)) {
      o.put("description", f.description());
    }
    if (v.atLeast(61) && withExtraSpecs) {
      ObjectNode specs = o.putObject("extra_specs");
      f.extraSpecs().forEach(specs::put);
    }
    return o;
  }
}
