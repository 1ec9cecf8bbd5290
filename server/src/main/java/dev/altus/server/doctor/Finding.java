package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;

/**
 * One thing {@code altus doctor} looked at and what it found.
 *
 * @param check the check's name, e.g. {@code database}, {@code agents}
 * @param status OK, WARN (works, but not as it should) or FAIL (something is broken)
 * @param detail what was seen, naming the thing (host, agent, port, rule)
 * @param fix what to do about it; empty when OK
 */
public record Finding(String check, Status status, String detail, String fix) {
  /** How bad a finding is; the report's exit status is non-zero when any is FAIL. */
  public enum Status { OK, WARN, FAIL }

  public Finding {
    fix = fix == null ? "" : fix;
  }

  public static Finding ok(String check, String detail) {
    return new Finding(check, Status.OK, detail, "");
  }

  public static Finding warn(String check, String detail, String fix) {
    return new Finding(check, Status.WARN, detail, fix);
  }

  public static Finding fail(String check, String detail, String fix) {
    return new Finding(check, Status.FAIL, detail, fix);
  }

  ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("check", check);
    o.put("status", status.name());
    o.put("detail", detail);
    o.put("fix", fix);
    return o;
  }

  static Finding fromJson(JsonNode o) {
    return new Finding(o.path("check").asText(), Status.valueOf(o.path("status").asText()),
        o.path("detail").asText(), o.path("fix").asText());
  }
}
