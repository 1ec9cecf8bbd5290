package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;
import java.util.Map;
import java.util.Set;

/**
 * A flavor's extra specs scoped {@code aggregate_instance_extra_specs:} must match the metadata
 * of an aggregate the host is in (unscoped specs are left to other filters, so a flavor with
 * free-form specs still boots anywhere).
 */
public final class AggregateInstanceExtraSpecsFilter implements HostFilter {
  private static final String SCOPE = "aggregate_instance_extra_specs:";

  @Override
  public String name() {
    return "AggregateInstanceExtraSpecsFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    for (Map.Entry<String, String> e : r.flavor().extraSpecs().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(SCOPE)) {
        continue; // another filter's or the driver's spec
      }
      key = key.substring(SCOPE.length());
      Set<String> values = h.aggregateMetadata().get(key);
      if (values == null) {
        return "no aggregate with " + key + " (flavor asks " + e.getValue() + ")";
      }
      boolean ok = values.stream().anyMatch(v -> ExtraSpecOps.matches(v, e.getValue()));
      if (!ok) {
        return "aggregate " + key + "=" + String.join(",", values) + " does not match "
            + e.getValue();
      }
    }
    return null;
  }
}
