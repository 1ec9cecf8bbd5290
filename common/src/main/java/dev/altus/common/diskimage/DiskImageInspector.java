package dev.altus.common.diskimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells a disk image's real format from its header, never trusting what the image claims, and
 * what in it is unsafe to hand to a reader like qemu: a qcow2 naming a backing file or an
 * external data file (in its header, its incompatible features or a header extension), an
 * encrypted, corrupt or malformed qcow2 (or one with incompatible features this code does not
 * know), a VMDK whose descriptor names extents in other files, a QED image (no service here runs
 * one). Reads only headers (at most a few MiB), so it is cheap on any image size. This is the one
 * place that checks an image's format against its claim: call {@link #check} before anything
 * opens an image that came from a user (the image service on upload and import, a compute host
 * when it caches a base image and again before qemu boots it) — the class of flaw behind
 * OpenStack's CVE-2024-32498.
 */
public final class DiskImageInspector {
  private DiskImageInspector() {}

  /** A qcow2 image's data lives in another file (QCOW2_INCOMPAT_DATA_FILE). */
  static final long QCOW2_DATA_FILE = 1L << 2;
  /** A qcow2 image marked corrupt by the last writer (QCOW2_INCOMPAT_CORRUPT). */
  static final long QCOW2_CORRUPT = 1L << 1;
  /** Incompatible features understood: dirty, corrupt, (data file), compression type, extended L2. */
  static final long QCOW2_KNOWN = 0b11111;
  /** qcow2 header extensions that name other files: the backing file's format, a data file. */
  static final int QCOW2_EXT_BACKING_FORMAT = 0xe2792aca;
  static final int QCOW2_EXT_DATA_FILE = 0x44415441;
  /** The largest VMDK descriptor read (a real one is a few hundred bytes). */
  static final int VMDK_DESCRIPTOR_MAX = 1 << 20;

  /**
   * What the header says.
   *
   * @param format the format the content is (raw when no signature matches)
   * @param virtualSize the size of the disk a guest sees, in bytes: a qcow2's or VMDK's from its
   *     header, a raw or ISO image's file size; -1 for the formats whose header is not read for it
   * @param unsafe why the image must not be opened (empty when it may)
   */
  public record Inspection(DiskFormat format, long virtualSize, List<String> unsafe) {
    public Inspection {
      unsafe = List.copyOf(unsafe);
    }

    public boolean safe() {
      return unsafe.isEmpty();
    }
  }

  /**
   * Refuses an image that is unsafe, or (with {@code requireMatch}) whose content is not
   * {@code claimed} (a disk_format). Without {@code requireMatch} only the safety checks apply,
   * as with Glance's require_image_format_match = false: whoever opens the image must then name
   * the format it opens it as ({@code qemu-img -f}), never let it be probed. Claims with no
   * inspector (ami, ari, aki, ploop) get the safety checks only.
   *
   * @return the inspection, for the caller's logs
   */
  public static Inspection check(Path image, String claimed, boolean requireMatch) {
    Inspection i = inspect(image);
    if (!i.safe()) {
      throw new UnsafeImageException("Image is unsafe (" + i.format() + "): "
          + String.join("; ", i.unsafe()) + ".");
    }
    var claim = DiskFormat.of(claimed);
    if (claim.isEmpty() || claim.get() == i.format()) {
      return i;
    }
    if (requireMatch) {
      throw new UnsafeImageException("Image content does not match disk_format " + claimed
          + ": the data is " + describe(i.format()) + ".");
    }
    return i;
  }

  private static String describe(DiskFormat f) {
    return f == DiskFormat.RAW ? "no format this service recognizes (raw)" : "a " + f + " image";
  }

  /** Reads an image's headers. */
  public static Inspection inspect(Path image) {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      return inspect(ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + image + ": " + e.getMessage(), e);
    }
  }

  static Inspection inspect(FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer head = read(ch, 0, 512);
    List<String> unsafe = new ArrayList<>();
    if (starts(head, 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb})) {
      return new Inspection(DiskFormat.QCOW2, qcow2(ch, head, unsafe), unsafe);
    }
    if (starts(head, 0, new byte[] {'Q', 'E', 'D', 0})) {
      unsafe.add("QED images are not supported by any service here");
      return new Inspection(DiskFormat.QED, -1, unsafe);
    }
    if (starts(head, 0, "KDMV".getBytes(StandardCharsets.US_ASCII))) {
      return new Inspection(DiskFormat.VMDK, vmdk(ch, head, unsafe), unsafe);
    }
    if (starts(head, 0, "# Disk DescriptorFile".getBytes(StandardCharsets.US_ASCII))) {
      unsafe.add("a VMDK descriptor file names its data in other files (extents); upload a"
          + " monolithicSparse or streamOptimized VMDK");
      return new Inspection(DiskFormat.VMDK, -1, unsafe);
    }
    if (starts(head, 0, "vhdxfile".getBytes(StandardCharsets.US_ASCII))) {
      return new Inspection(DiskFormat.VHDX, -1, unsafe);
    }
    if (starts(head, 0, "conectix".getBytes(StandardCharsets.US_ASCII))) {
      return new Inspection(DiskFormat.VHD, -1, unsafe);
    }
    if (starts(head, 0x40, new byte[] {0x7f, 0x10, (byte) 0xda, (byte) 0xbe})) {
      return new Inspection(DiskFormat.VDI, -1, unsafe);
    }
    if (starts(head, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})) {
      int version = head.order(ByteOrder.BIG_ENDIAN).getShort(6) & 0xffff;
      if (version != 1 && version != 2) {
        unsafe.add("LUKS version " + version + " is not known");
      }
      return new Inspection(DiskFormat.LUKS, -1, unsafe);
    }
    for (long at : new long[] {0x8001, 0x8801, 0x9001}) {
      if (size >= at + 5 && starts(read(ch, at, 5), 0,
          "CD001".getBytes(StandardCharsets.US_ASCII))) {
        return new Inspection(DiskFormat.ISO, size, unsafe);
      }
    }
    // a fixed VHD is raw data with the footer alone, in its last 512 bytes
    if (size >= 512 && starts(read(ch, size - 512, 512), 0,
        "conectix".getBytes(StandardCharsets.US_ASCII))) {
      return new Inspection(DiskFormat.VHD, -1, unsafe);
    }
    return new Inspection(DiskFormat.RAW, size, unsafe);
  }

  /** Checks a qcow2 header and its extensions into {@code unsafe}; returns the virtual size. */
  private static long qcow2(FileChannel ch, ByteBuffer h, List<String> unsafe)
      throws IOException {
    h.order(ByteOrder.BIG_ENDIAN);
    if (h.limit() < 72) {
      unsafe.add("the qcow2 header is cut short");
      return -1;
    }
    int version = h.getInt(4);
    long backingOffset = h.getLong(8);
    int backingSize = h.getInt(16);
    int clusterBits = h.getInt(20);
    long size = h.getLong(24);
    if (version != 2 && version != 3) {
      unsafe.add("qcow2 version " + Integer.toUnsignedString(version) + " is not known");
    }
    if (backingOffset != 0 || backingSize != 0) {
      unsafe.add("the qcow2 header names a backing file"
          + backingName(ch, backingOffset, backingSize));
    }
    if (clusterBits < 9 || clusterBits > 21) {
      unsafe.add("the qcow2 cluster_bits " + clusterBits + " is out of range");
      return -1;
    }
    if (size < 0) {
      unsafe.add("the qcow2 virtual size is out of range");
    }
    if (h.getInt(32) != 0) {
      unsafe.add("the qcow2 image is encrypted");
    }
    long extensions = 72;
    if (version >= 3) {
      if (h.limit() < 104) {
        unsafe.add("the qcow2 header is cut short");
        return size;
      }
      long incompatible = h.getLong(72);
      if ((incompatible & QCOW2_DATA_FILE) != 0) {
        unsafe.add("the qcow2 header names an external data file");
      }
      if ((incompatible & QCOW2_CORRUPT) != 0) {
        unsafe.add("the qcow2 header marks the image corrupt");
      }
      if ((incompatible & ~QCOW2_KNOWN) != 0) {
        unsafe.add("the qcow2 header has unknown incompatible features (0x"
            + Long.toHexString(incompatible & ~QCOW2_KNOWN) + ")");
      }
      extensions = Integer.toUnsignedLong(h.getInt(100));
      if (extensions < 104 || extensions > (1L << clusterBits)) {
        unsafe.add("the qcow2 header_length " + extensions + " is out of range");
        return size;
      }
    }
    qcow2Extensions(ch, extensions, Math.min(1L << clusterBits, ch.size()), unsafe);
    return size;
  }

  /** Walks the header extensions, which end within the first cluster; refuses external files. */
  private static void qcow2Extensions(FileChannel ch, long at, long end, List<String> unsafe)
      throws IOException {
    while (at + 8 <= end) {
      ByteBuffer e = read(ch, at, 8);
      int type = e.getInt(0);
      long len = Integer.toUnsignedLong(e.getInt(4));
      if (type == 0) {
        return;
      }
      if (type == QCOW2_EXT_DATA_FILE) {
        unsafe.add("a qcow2 header extension names an external data file");
      } else if (type == QCOW2_EXT_BACKING_FORMAT) {
        unsafe.add("a qcow2 header extension names a backing file format");
      }
      at += 8 + ((len + 7) & ~7L);
    }
    if (at > end) {
      unsafe.add("the qcow2 header extensions run past the first cluster");
    }
  }

  /** " (name)" of a qcow2's backing file, printable characters only; empty if not readable. */
  private static String backingName(FileChannel ch, long offset, int size) throws IOException {
    if (size <= 0 || size > 1023 || offset <= 0 || offset + size > ch.size()) {
      return "";
    }
    ByteBuffer b = read(ch, offset, size);
    String name = StandardCharsets.UTF_8.decode(b).toString();
    return " (" + name.replaceAll("[^\\p{Print}]", "?") + ")";
  }

  /** Checks a sparse VMDK's embedded descriptor into {@code unsafe}; returns its capacity. */
  private static long vmdk(FileChannel ch, ByteBuffer h, List<String> unsafe)
      throws IOException {
    h.order(ByteOrder.LITTLE_ENDIAN);
    long capacity = h.getLong(12);
    long descSector = h.getLong(28);
    long descSectors = h.getLong(36);
    if (descSector == 0 || descSectors == 0) {
      unsafe.add("the VMDK has no embedded descriptor");
      return -1;
    }
    if (descSectors * 512 > VMDK_DESCRIPTOR_MAX || descSector > Long.MAX_VALUE / 512) {
      unsafe.add("the VMDK descriptor is too large");
      return -1;
    }
    ByteBuffer d = read(ch, descSector * 512, (int) (descSectors * 512));
    String text = StandardCharsets.US_ASCII.decode(d).toString();
    String createType = null;
    int extents = 0;
    for (String raw : text.split("\n")) {
      String line = raw.replace("\0", "").strip();
      if (line.startsWith("createType")) {
        int q = line.indexOf('"');
        int e = line.lastIndexOf('"');
        createType = q >= 0 && e > q ? line.substring(q + 1, e) : line;
      }
      String first = line.split("\\s+")[0].toUpperCase(Locale.ROOT);
      if (first.equals("RW") || first.equals("RDONLY") || first.equals("NOACCESS")) {
        extents++;
      }
    }
    if (!"monolithicSparse".equals(createType) && !"streamOptimized".equals(createType)) {
      unsafe.add("the VMDK's createType " + (createType == null ? "(none)" : createType)
          + " keeps data in other files; only monolithicSparse and streamOptimized are allowed");
    }
    if (extents != 1) {
      unsafe.add("the VMDK descriptor names " + extents + " extents; one, in the image itself,"
          + " is allowed");
    }
    return capacity >= 0 && capacity <= Long.MAX_VALUE / 512 ? capacity * 512 : -1;
  }

  private static boolean starts(ByteBuffer b, int at, byte[] magic) {
    if (b.limit() < at + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b.get(at + i) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static ByteBuffer read(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        break;
      }
    }
    return b.flip();
  }
}
