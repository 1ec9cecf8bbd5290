package dev.altus.compute.virt.qemu;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the driver needs to start a guest again and to re-attach to it after a restart of the
 * cloud, kept as {@code guest.json} in the guest's directory. Paths of disks are the guest
 * directory's fixed names ({@link GuestFiles}); the bases they stand on are named here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class GuestRecord {
  /** One NIC: its port, MAC, network and MTU. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Nic {
    public String portId;
    public String mac;
    public String networkId;
    public int mtu;

    public Nic() {}

    Nic(String portId, String mac, String networkId, int mtu) {
      this.portId = portId;
      this.mac = mac;
      this.networkId = networkId;
      this.mtu = mtu;
    }
  }

  /** A direct kernel boot: kernel and ramdisk files (in the base cache) and command line. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Boot {
    public String kernel;
    public String initrd;
    public String cmdline;

    public Boot() {}

    Boot(String kernel, String initrd, String cmdline) {
      this.kernel = kernel;
      this.initrd = initrd;
      this.cmdline = cmdline;
    }
  }

  /** The resources a guest had before an unconfirmed resize (its disks are kept beside). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Before {
    public int vcpus;
    public int memoryMb;
    public int rootGb;
    public int ephemeralGb;
  }

  public String uuid;
  public String name;
  public int vcpus;
  public int memoryMb;
  public int rootGb;
  public int ephemeralGb;
  public int swapMb;
  public String imageId;
  /** Direct kernel boot of the guest's own image, or null to boot its disk. */
  public Boot boot;
  public List<Nic> nics = new ArrayList<>();
  public int vncDisplay;
  public boolean configDrive;
  /** The rescue image's id while the guest is rescued, else null. */
  public String rescueImageId;
  public Boot rescueBoot;
  /** What the guest had before its last resize, until the resize is confirmed; else null. */
  public Before beforeResize;
  /** CPU time of the guest's earlier QEMU processes. */
  public long cpuNs;
  /** The guest crashed (a panic reported by the guest, or QEMU died by itself). */
  public boolean crashed;

  static GuestRecord read(Path file) throws IOException {
    return Json.MAPPER.readValue(Files.readAllBytes(file), GuestRecord.class);
  }

  /** Writes the record atomically (a crash never leaves half a record). */
  void write(Path file) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    Files.writeString(part, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this),
        StandardCharsets.UTF_8);
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  Nic nic(String portId) {
    return nics.stream().filter(n -> n.portId.equals(portId)).findFirst().orElse(null);
  }
}
