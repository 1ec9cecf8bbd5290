package dev.altus.common.diskimage;

import java.util.Locale;
import java.util.Optional;

/**
 * The disk image formats {@link DiskImageInspector} recognizes, by the name the image service's
 * {@code disk_format} gives them, and the name {@code qemu-img -f} knows them by.
 */
public enum DiskFormat {
  RAW("raw", "raw"),
  QCOW2("qcow2", "qcow2"),
  VMDK("vmdk", "vmdk"),
  VHD("vhd", "vpc"),
  VHDX("vhdx", "vhdx"),
  VDI("vdi", "vdi"),
  ISO("iso", "raw"),
  QED("qed", "qed"),
  LUKS("luks", "luks");

  private final String wireName;
  private final String qemuName;

  DiskFormat(String wireName, String qemuName) {
    this.wireName = wireName;
    this.qemuName = qemuName;
  }

  /** The image service's name ({@code disk_format}). */
  public String wireName() {
    return wireName;
  }

  /** The name {@code qemu-img -f} takes. */
  public String qemuName() {
    return qemuName;
  }

  /** The format a {@code disk_format} names, or empty for one with no inspector (ami, ploop...). */
  public static Optional<DiskFormat> of(String diskFormat) {
    if (diskFormat == null) {
      return Optional.empty();
    }
    String n = diskFormat.toLowerCase(Locale.ROOT);
    for (DiskFormat f : values()) {
      if (f.wireName.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
