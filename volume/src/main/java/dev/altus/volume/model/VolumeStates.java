package dev.altus.volume.model;

import dev.altus.common.error.ApiException;
import java.util.Map;
import java.util.Set;

/**
 * The volume state machine: which status each operation starts from and where it leads. Every
 * status change of a volume goes through {@link #check}, so an operation from the wrong status is
 * a 400 naming both, never a silent change (deleting an attached volume is refused, never data
 * lost).
 */
public final class VolumeStates {
  public static final String CREATING = "creating";
  public static final String AVAILABLE = "available";
  public static final String RESERVED = "reserved";
  public static final String ATTACHING = "attaching";
  public static final String IN_USE = "in-use";
  public static final String DETACHING = "detaching";
  public static final String DELETING = "deleting";
  public static final String EXTENDING = "extending";
  public static final String ERROR = "error";
  public static final String ERROR_DELETING = "error_deleting";
  public static final String ERROR_EXTENDING = "error_extending";
  public static final String MAINTENANCE = "maintenance";
  public static final String UPLOADING = "uploading";
  public static final String RETYPING = "retyping";
  public static final String REVERTING = "reverting";

  /** Every status an admin may set with os-reset_status. */
  public static final Set<String> ALL = Set.of(CREATING, AVAILABLE, RESERVED, ATTACHING, IN_USE,
      DETACHING, DELETING, EXTENDING, ERROR, ERROR_DELETING, ERROR_EXTENDING, MAINTENANCE,
      "backing-up", "restoring-backup", "error_restoring", "uploading", "downloading",
      "retyping", "reverting", "error_backing-up", "error_managing", "managing", "awaiting-transfer");

  /** The operations and the statuses they may start from. */
  public enum Op {
    DELETE, EXTEND, EXTEND_ATTACHED, RESERVE, UNRESERVE, ATTACH, BEGIN_DETACHING, ROLL_DETACHING,
    DETACH, SNAPSHOT, SNAPSHOT_FORCED, UPDATE_READONLY, SET_BOOTABLE, CLONE, UPLOAD,
    UPLOAD_FORCED, RETYPE, REVERT
  }

  private static final Map<Op, Set<String>> FROM = Map.ofEntries(
      Map.entry(Op.DELETE, Set.of(AVAILABLE, ERROR, ERROR_DELETING, ERROR_EXTENDING,
          "error_restoring", "error_managing")),
      Map.entry(Op.EXTEND, Set.of(AVAILABLE)),
      Map.entry(Op.EXTEND_ATTACHED, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.RESERVE, Set.of(AVAILABLE)),
      Map.entry(Op.UNRESERVE, Set.of(ATTACHING, RESERVED)),
      Map.entry(Op.ATTACH, Set.of(AVAILABLE, ATTACHING, RESERVED)),
      Map.entry(Op.BEGIN_DETACHING, Set.of(IN_USE)),
      Map.entry(Op.ROLL_DETACHING, Set.of(DETACHING)),
      Map.entry(Op.DETACH, Set.of(IN_USE, DETACHING, ATTACHING, RESERVED)),
      Map.entry(Op.SNAPSHOT, Set.of(AVAILABLE)),
      Map.entry(Op.SNAPSHOT_FORCED, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.UPDATE_READONLY, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.SET_BOOTABLE, Set.of(AVAILABLE, IN_USE, ERROR, RESERVED, ATTACHING,
          DETACHING, MAINTENANCE)),
      Map.entry(Op.CLONE, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.UPLOAD, Set.of(AVAILABLE)),
      Map.entry(Op.UPLOAD_FORCED, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.RETYPE, Set.of(AVAILABLE, IN_USE)),
      Map.entry(Op.REVERT, Set.of(AVAILABLE)));

  private VolumeStates() {}

  /** Whether {@code op} may start from {@code status}. */
  public static boolean allowed(Op op, String status) {
    return FROM.get(op).contains(status);
  }

  /** A 400 when {@code op} may not start from {@code status}. */
  public static void check(Op op, String volumeId, String status) {
    if (!allowed(op, status)) {
      throw ApiException.badRequest("Invalid volume: Volume " + volumeId + " status must be "
          + String.join(" or ", new java.util.TreeSet<>(FROM.get(op))) + " to "
          + op.name().toLowerCase().replace('_', ' ') + ", but current status is: " + status
          + ".");
    }
  }

  /** The status after a detach leaves {@code remaining} attachments. */
  public static String afterDetach(int remaining) {
    return remaining > 0 ? IN_USE : AVAILABLE;
  }

  /** The attach_status that goes with a volume's attachments. */
  public static String attachStatus(int attachments) {
    return attachments > 0 ? "attached" : "detached";
  }
}
