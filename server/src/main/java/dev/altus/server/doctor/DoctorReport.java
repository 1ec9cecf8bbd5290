package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Every finding of one doctor run, as text for people and JSON for scripts and the API. */
public record DoctorReport(List<Finding> findings) {
  public DoctorReport {
    findings = List.copyOf(findings);
  }

  /** A report with {@code more} after this one's findings. */
  public DoctorReport plus(List<Finding> more) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(more);
    return new DoctorReport(all);
  }

  public long count(Finding.Status s) {
    return findings.stream().filter(f -> f.status() == s).count();
  }

  /** 0 when nothing failed, else 1 (warnings alone do not fail a script). */
  public int exitStatus() {
    return count(Finding.Status.FAIL) > 0 ? 1 : 0;
  }

  /** {@code {"doctor": {"findings": [...], "ok": n, "warn": n, "fail": n}}}. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    ObjectNode d = root.putObject("doctor");
    ArrayNode list = d.putArray("findings");
    findings.forEach(f -> list.add(f.toJson()));
    for (Finding.Status s : Finding.Status.values()) {
      d.put(s.name().toLowerCase(java.util.Locale.ROOT), count(s));
    }
    return root;
  }

  public static DoctorReport fromJson(JsonNode root) {
    List<Finding> out = new ArrayList<>();
    for (JsonNode f : root.path("doctor").path("findings")) {
      out.add(Finding.fromJson(f));
    }
    return new DoctorReport(out);
  }

  /** One line per finding, {@code STATUS check: detail}, the fix indented under each problem. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      b.append(String.format("%-4s %-12s %s%n", f.status(), f.check(), f.detail()));
      if (!f.fix().isEmpty()) {
        b.append("                  -> ").append(f.fix()).append(System.lineSeparator());
      }
    }
    b.append(String.format("%d OK, %d WARN, %d FAIL%n", count(Finding.Status.OK),
        count(Finding.Status.WARN), count(Finding.Status.FAIL)));
    return b.toString();
  }
}
