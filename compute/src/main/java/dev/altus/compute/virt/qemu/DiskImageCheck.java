package dev.altus.compute.virt.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks an untrusted disk image before any tool opens it: its content must be the format its
 * disk_format claims, and a qcow2 must be self-contained. A qcow2 may name a backing file or an
 * external data file, which would make the hypervisor read any file of the host into the guest
 * (the attack class of OpenStack's CVE-2024-32498), and an image claimed to be raw may really be
 * a qcow2 or VMDK that a careless probe would open as such. This class reads the headers itself,
 * with no tool of the host, and refuses both.
 *
 * <p>Only raw and qcow2 are accepted; everything else is refused with the reason.
 */
public final class DiskImageCheck {
  /** What a checked image is. */
  public record Result(String format, long virtualSize) {}

  static final int QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"
  static final long INCOMPAT_CORRUPT = 1L << 1;
  static final long INCOMPAT_DATA_FILE = 1L << 2;
  static final long INCOMPAT_KNOWN = 0x1fL; // dirty, corrupt, data file, compression, extended L2
  static final int EXT_END = 0;
  static final int EXT_BACKING_FORMAT = 0xe2792aca;
  static final int EXT_DATA_FILE = 0x44415441;
  private static final int HEAD = 4096;

  private DiskImageCheck() {}

  /** A refused image; the message says what is wrong in an operator's words. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code file} against its claimed {@code diskFormat}; returns the format and the
   * virtual size of the disk, or throws {@link Refused} saying why the image must not be used.
   */
  public static Result check(Path file, String diskFormat) throws Refused, IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = ch.size();
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD, length));
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // read the head of the file
      }
      head.flip();
      String found = sniff(head, ch, length);
      String claimed = diskFormat == null ? "" : diskFormat;
      switch (claimed) {
        case "qcow2" -> {
          if (!"qcow2".equals(found)) {
            throw new Refused("its disk_format is qcow2 but its content is "
                + (found == null ? "not a qcow2 image (no QFI\\xfb magic)" : found));
          }
          return new Result("qcow2", qcow2(ch, head, length));
        }
        case "raw" -> {
          if (found != null) {
            throw new Refused("its disk_format is raw but its content is a " + found
                + " image; upload it with disk_format " + found + " if that is what it is");
          }
          if (length == 0) {
            throw new Refused("it is empty");
          }
          return new Result("raw", length);
        }
        default -> throw new Refused("its disk_format " + (claimed.isEmpty() ? "(none)" : claimed)
            + " is not one the qemu driver boots; use raw or qcow2");
      }
    }
  }

  /** The format whose signature the content carries, or null for none (plain raw data). */
  static String sniff(ByteBuffer head, FileChannel ch, long length) throws IOException {
    if (starts(head, 0, "QFI\u00fb")) {
      return "qcow2";
    }
    if (starts(head, 0, "KDMV") || starts(head, 0, "# Disk DescriptorFile")) {
      return "vmdk";
    }
    if (starts(head, 0, "vhdxfile")) {
      return "vhdx";
    }
    if (starts(head, 0, "conectix")) {
      return "vpc";
    }
    if (starts(head, 0, "QED\0")) {
      return "qed";
    }
    if (starts(head, 0, "LUKS\u00ba\u00be")) {
      return "luks";
    }
    if (head.limit() >= 0x44 && head.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0x40)
        == 0xbeda107f) {
      head.order(java.nio.ByteOrder.BIG_ENDIAN);
      return "vdi";
    }
    head.order(java.nio.ByteOrder.BIG_ENDIAN);
    if (length >= 512) { // a fixed VHD has its footer at the end
      ByteBuffer foot = ByteBuffer.allocate(8);
      ch.read(foot, length - 512);
      foot.flip();
      if (starts(foot, 0, "conectix")) {
        return "vpc";
      }
    }
    return null;
  }

  /** Checks a qcow2 header and its extensions; returns the virtual size. */
  static long qcow2(FileChannel ch, ByteBuffer head, long length) throws Refused, IOException {
    if (head.limit() < 72) {
      throw new Refused("its qcow2 header is truncated (" + head.limit() + " bytes)");
    }
    int version = head.getInt(4);
    if (version != 2 && version != 3) {
      throw new Refused("its qcow2 version " + Integer.toUnsignedString(version)
          + " is not 2 or 3");
    }
    long backingOffset = head.getLong(8);
    int backingSize = head.getInt(16);
    if (backingOffset != 0 || backingSize != 0) {
      throw new Refused("its qcow2 header names a backing file" + backingName(ch, backingOffset,
          backingSize, length) + "; images must be self-contained");
    }
    int clusterBits = head.getInt(20);
    if (clusterBits < 9 || clusterBits > 21) {
      throw new Refused("its qcow2 cluster_bits " + clusterBits + " is out of range");
    }
    long size = head.getLong(24);
    if (size < 0) {
      throw new Refused("its qcow2 virtual size is out of range");
    }
    if (head.getInt(32) != 0) {
      throw new Refused("it is an encrypted qcow2");
    }
    int extStart = 72;
    if (version == 3) {
      if (head.limit() < 104) {
        throw new Refused("its qcow2 v3 header is truncated");
      }
      long incompatible = head.getLong(72);
      if ((incompatible & INCOMPAT_DATA_FILE) != 0) {
        throw new Refused("its qcow2 header uses an external data file; images must be"
            + " self-contained");
      }
      if ((incompatible & INCOMPAT_CORRUPT) != 0) {
        throw new Refused("its qcow2 header marks it corrupt");
      }
      if ((incompatible & ~INCOMPAT_KNOWN) != 0) {
        throw new Refused("its qcow2 header has unknown incompatible features 0x"
            + Long.toHexString(incompatible & ~INCOMPAT_KNOWN));
      }
      extStart = head.getInt(100);
      if (extStart < 104 || extStart > (1 << clusterBits)) {
        throw new Refused("its qcow2 header_length " + extStart + " is out of range");
      }
    }
    extensions(ch, extStart, 1L << clusterBits, length);
    return size;
  }

  /** Walks the header extensions (they end within the first cluster); refuses external files. */
  private static void extensions(FileChannel ch, long start, long cluster, long length)
      throws Refused, IOException {
    long end = Math.min(cluster, length);
    long at = start;
    while (at + 8 <= end) {
      ByteBuffer h = ByteBuffer.allocate(8);
      ch.read(h, at);
      int type = h.getInt(0);
      long len = Integer.toUnsignedLong(h.getInt(4));
      if (type == EXT_END) {
        return;
      }
      if (type == EXT_DATA_FILE) {
        throw new Refused("its qcow2 header names an external data file; images must be"
            + " self-contained");
      }
      if (type == EXT_BACKING_FORMAT) {
        throw new Refused("its qcow2 header names a backing file format; images must be"
            + " self-contained");
      }
      at += 8 + ((len + 7) & ~7L);
    }
    if (at > end) {
      throw new Refused("its qcow2 header extensions run past the first cluster");
    }
  }

  private static String backingName(FileChannel ch, long offset, int size, long length)
      throws IOException {
    if (size <= 0 || size > 1023 || offset <= 0 || offset + size > length) {
      return "";
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    ch.read(b, offset);
    String name = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    return " (" + name.replaceAll("[^\\p{Print}]", "?") + ")";
  }

  private static boolean starts(ByteBuffer b, int at, String magic) {
    if (b.limit() < at + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if ((b.get(at + i) & 0xff) != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
