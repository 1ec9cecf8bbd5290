package dev.altus.compute.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compare-and-set change of one server: the columns to set, applied only when the server is
 * (still) in one of the expected vm_states and task_states. Two actions on one server thus cannot
 * interleave: the second finds the state changed and is refused.
 */
public final class ServerUpdate {
  /** Columns a change may set; anything else is a programming error. */
  private static final Set<String> COLUMNS = Set.of("name", "host", "node", "claimed_host",
      "availability_zone", "vm_state", "task_state", "power_state", "previous_vm_state", "flavor",
      "flavor_id", "vcpus", "memory_mb", "root_gb", "ephemeral_gb", "old_flavor", "new_flavor",
      "resize_vcpus", "resize_memory_mb", "resize_disk_gb",
      "image_ref", "key_name", "key_data", "user_data", "access_ipv4", "access_ipv6",
      "description", "auto_disk_config", "config_drive", "shelved_image", "locked", "locked_by", "locked_reason", "hostname", "security_groups",
      "request_spec", "launched_at", "terminated_at", "deleted_at", "deleted", "fault_message",
      "fault_code", "fault_details", "fault_created");

  final String id;
  final Map<String, Object> sets = new LinkedHashMap<>();
  List<String> vmStates;
  List<String> taskStates;
  boolean anyTask = true;
  boolean notDeleting;

  private ServerUpdate(String id) {
    this.id = id;
  }

  public static ServerUpdate of(String id) {
    return new ServerUpdate(id);
  }

  /** Only when vm_state is one of these. */
  public ServerUpdate whenVm(String... states) {
    vmStates = List.of(states);
    return this;
  }

  public ServerUpdate whenVm(Collection<String> states) {
    vmStates = List.copyOf(states);
    return this;
  }

  /** Only when task_state is one of these; a null among them means "no task". */
  public ServerUpdate whenTask(String... states) {
    taskStates = new ArrayList<>(Arrays.asList(states));
    anyTask = false;
    return this;
  }

  /** Only when no task runs (task_state is null). */
  public ServerUpdate whenIdle() {
    return whenTask((String) null);
  }

  /** Only when the server is not being deleted. */
  public ServerUpdate whenNotDeleting() {
    notDeleting = true;
    return this;
  }

  public ServerUpdate set(String column, Object value) {
    if (!COLUMNS.contains(column)) {
      throw new IllegalArgumentException("not a settable server column: " + column);
    }
    sets.put(column, value);
    return this;
  }

  public ServerUpdate task(String taskState) {
    return set("task_state", taskState);
  }

  public ServerUpdate vm(String vmState) {
    return set("vm_state", vmState);
  }

  /** Sets the server's flavor and the size columns that follow it. */
  public ServerUpdate flavor(dev.altus.compute.model.Flavor f) {
    set("flavor", f);
    set("flavor_id", f.id());
    set("vcpus", f.vcpus());
    set("memory_mb", f.memoryMb());
    set("root_gb", f.rootGb());
    return set("ephemeral_gb", f.ephemeralGb());
  }

  /** Records a fault in the same change (so no reader sees the state without its reason). */
  public ServerUpdate fault(dev.altus.compute.model.Fault f) {
    set("fault_message", f.message());
    set("fault_code", f.code());
    set("fault_details", f.details());
    return set("fault_created", f.created());
  }

  /** Sets the sizes of the extra claim a resize holds. */
  public ServerUpdate resizeClaim(dev.altus.compute.model.Flavor f) {
    set("resize_vcpus", f.vcpus());
    set("resize_memory_mb", f.memoryMb());
    return set("resize_disk_gb", f.rootGb() + f.ephemeralGb());
  }
}
