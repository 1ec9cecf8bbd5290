package dev.altus.compute.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nova's server states: {@code vm_state} (where the server is at rest), {@code task_state} (what
 * is being done to it, null when nothing) and the {@code status} the API shows, derived from both.
 */
public final class ServerStates {
  private ServerStates() {}

  // vm_state
  public static final String ACTIVE = "active";
  public static final String BUILDING = "building";
  public static final String PAUSED = "paused";
  public static final String SUSPENDED = "suspended";
  public static final String STOPPED = "stopped";
  public static final String RESCUED = "rescued";
  public static final String RESIZED = "resized";
  public static final String SOFT_DELETED = "soft-delete";
  public static final String DELETED = "deleted";
  public static final String ERROR = "error";
  public static final String SHELVED = "shelved";
  public static final String SHELVED_OFFLOADED = "shelved_offloaded";

  // task_state
  public static final String SCHEDULING = "scheduling";
  public static final String NETWORKING = "networking";
  public static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
  public static final String SPAWNING = "spawning";
  public static final String IMAGE_SNAPSHOT = "image_snapshot";
  public static final String IMAGE_PENDING_UPLOAD = "image_pending_upload";
  public static final String IMAGE_UPLOADING = "image_uploading";
  public static final String RESIZE_PREP = "resize_prep";
  public static final String RESIZE_MIGRATING = "resize_migrating";
  public static final String RESIZE_MIGRATED = "resize_migrated";
  public static final String RESIZE_FINISH = "resize_finish";
  public static final String RESIZE_REVERTING = "resize_reverting";
  public static final String RESIZE_CONFIRMING = "resize_confirming";
  public static final String REBOOTING = "rebooting";
  public static final String REBOOTING_HARD = "rebooting_hard";
  public static final String PAUSING = "pausing";
  public static final String UNPAUSING = "unpausing";
  public static final String SUSPENDING = "suspending";
  public static final String RESUMING = "resuming";
  public static final String POWERING_OFF = "powering-off";
  public static final String POWERING_ON = "powering-on";
  public static final String RESCUING = "rescuing";
  public static final String UNRESCUING = "unrescuing";
  public static final String REBUILDING = "rebuilding";
  public static final String REBUILD_SPAWNING = "rebuild_spawning";
  public static final String DELETING = "deleting";
  public static final String SHELVING = "shelving";
  public static final String SHELVING_IMAGE_UPLOADING = "shelving_image_uploading";
  public static final String SHELVING_OFFLOADING = "shelving_offloading";
  public static final String UNSHELVING = "unshelving";

  /** The statuses a client may filter on, each with the vm_states it covers. */
  private static final Map<String, List<String>> STATUS_VM_STATES = Map.ofEntries(
      Map.entry("ACTIVE", List.of(ACTIVE)),
      Map.entry("BUILD", List.of(BUILDING)),
      Map.entry("SHUTOFF", List.of(STOPPED)),
      Map.entry("PAUSED", List.of(PAUSED)),
      Map.entry("SUSPENDED", List.of(SUSPENDED)),
      Map.entry("RESCUE", List.of(RESCUED)),
      Map.entry("VERIFY_RESIZE", List.of(RESIZED)),
      Map.entry("REVERT_RESIZE", List.of(RESIZED)),
      Map.entry("RESIZE", List.of(ACTIVE, STOPPED)),
      Map.entry("MIGRATING", List.of(ACTIVE, STOPPED, PAUSED)),
      Map.entry("REBOOT", List.of(ACTIVE)),
      Map.entry("HARD_REBOOT", List.of(ACTIVE)),
      Map.entry("PASSWORD", List.of(ACTIVE)),
      Map.entry("REBUILD", List.of(ACTIVE, STOPPED, ERROR)),
      Map.entry("ERROR", List.of(ERROR)),
      Map.entry("DELETED", List.of(DELETED)),
      Map.entry("SOFT_DELETED", List.of(SOFT_DELETED)),
      Map.entry("SHELVED", List.of(SHELVED)),
      Map.entry("SHELVED_OFFLOADED", List.of(SHELVED_OFFLOADED)));

  private static final Set<String> RESIZE_TASKS =
      Set.of(RESIZE_PREP, RESIZE_MIGRATING, RESIZE_MIGRATED, RESIZE_FINISH);
  private static final Set<String> REBUILD_TASKS = Set.of(REBUILDING, REBUILD_SPAWNING);

  /** The status Nova shows for a vm_state and task_state. */
  public static String status(String vmState, String taskState) {
    String t = taskState == null ? "" : taskState;
    return switch (vmState) {
      case ACTIVE -> {
        if (t.equals(REBOOTING)) {
          yield "REBOOT";
        } else if (t.equals(REBOOTING_HARD)) {
          yield "HARD_REBOOT";
        } else if (REBUILD_TASKS.contains(t)) {
          yield "REBUILD";
        } else if (RESIZE_TASKS.contains(t)) {
          yield "RESIZE";
        } else {
          yield "ACTIVE";
        }
      }
      case BUILDING -> "BUILD";
      case STOPPED -> RESIZE_TASKS.contains(t) ? "RESIZE"
          : REBUILD_TASKS.contains(t) ? "REBUILD" : "SHUTOFF";
      case RESIZED -> t.equals(RESIZE_REVERTING) ? "REVERT_RESIZE" : "VERIFY_RESIZE";
      case PAUSED -> "PAUSED";
      case SUSPENDED -> "SUSPENDED";
      case RESCUED -> "RESCUE";
      case ERROR -> REBUILD_TASKS.contains(t) ? "REBUILD" : "ERROR";
      case DELETED -> "DELETED";
      case SOFT_DELETED -> "SOFT_DELETED";
      case SHELVED -> "SHELVED";
      case SHELVED_OFFLOADED -> "SHELVED_OFFLOADED";
      default -> "UNKNOWN";
    };
  }

  /** The vm_states a status filter selects, or null for a status Nova does not know. */
  public static List<String> vmStatesFor(String status) {
    return STATUS_VM_STATES.get(status.toUpperCase());
  }

  /**
   * The task_states a status filter requires beside its vm_states: empty for "any", a list
   * containing null for "no task".
   */
  public static List<String> taskStatesFor(String status) {
    return switch (status.toUpperCase()) {
      case "REBOOT" -> List.of(REBOOTING);
      case "HARD_REBOOT" -> List.of(REBOOTING_HARD);
      case "RESIZE" -> List.copyOf(RESIZE_TASKS);
      case "REBUILD" -> List.copyOf(REBUILD_TASKS);
      case "REVERT_RESIZE" -> List.of(RESIZE_REVERTING);
      default -> List.of();
    };
  }

  /** Statuses in which the API shows {@code progress}. */
  public static boolean showsProgress(String status) {
    return Set.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")
        .contains(status);
  }
}
