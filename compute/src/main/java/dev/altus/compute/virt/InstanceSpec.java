package dev.altus.compute.virt;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a driver needs to create a guest.
 *
 * @param uuid the server id; the driver's handle for the guest from now on
 * @param name the guest's name on the host (e.g. instance-0000002a)
 * @param hostname the guest's hostname
 * @param vcpus virtual CPUs
 * @param memoryMb RAM in MiB
 * @param rootGb root disk size in GiB (0: the image's size)
 * @param ephemeralGb ephemeral disk in GiB
 * @param swapMb swap disk in MiB
 * @param image the boot image
 * @param vifs the network interfaces, in order
 * @param userData user data as sent by the client (base64), or null
 * @param metadata the server's metadata
 * @param publicKey the key pair's public key, or null
 * @param configDrive a config drive image (an ISO 9660 filesystem labelled {@code config-2}) the
 *     driver attaches read-only as the guest's last disk, or null for none
 */
public record InstanceSpec(
    String uuid,
    String name,
    String hostname,
    int vcpus,
    int memoryMb,
    int rootGb,
    int ephemeralGb,
    int swapMb,
    ImageSource image,
    List<Vif> vifs,
    String userData,
    Map<String, String> metadata,
    String publicKey,
    Path configDrive) {
  public InstanceSpec {
    vifs = List.copyOf(vifs);
    metadata = Map.copyOf(metadata);
  }

  /** A spec without a config drive. */
  public InstanceSpec(String uuid, String name, String hostname, int vcpus, int memoryMb,
      int rootGb, int ephemeralGb, int swapMb, ImageSource image, List<Vif> vifs, String userData,
      Map<String, String> metadata, String publicKey) {
    this(uuid, name, hostname, vcpus, memoryMb, rootGb, ephemeralGb, swapMb, image, vifs,
        userData, metadata, publicKey, null);
  }

  /** The same guest with a config drive. */
  public InstanceSpec withConfigDrive(Path iso) {
    return new InstanceSpec(uuid, name, hostname, vcpus, memoryMb, rootGb, ephemeralGb, swapMb,
        image, vifs, userData, metadata, publicKey, iso);
  }
}
