package dev.altus.compute;

/**
 * Settings of what guests read about themselves: the metadata service and config drives (the
 * {@code compute.metadata_port}, {@code metadata.shared_secret} and
 * {@code compute.force_config_drive} keys in docs/configuration.md).
 *
 * @param port the port the metadata service listens on, at the cloud's address (0: any free one)
 * @param sharedSecret the secret the network side's metadata proxy signs instance ids with
 *     (Neutron's metadata_proxy_shared_secret), or null while it is not known yet; a service
 *     without one refuses every request
 * @param forceConfigDrive every server gets a config drive, asked for or not
 */
public record MetadataConfig(int port, String sharedSecret, boolean forceConfigDrive) {
  /** Nova's metadata port. */
  public static final int PORT = 8775;

  public MetadataConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("compute.metadata_port must be a TCP port (0 to 65535)");
    }
    if (sharedSecret != null && sharedSecret.isBlank()) {
      throw new IllegalArgumentException("metadata.shared_secret must not be empty");
    }
  }

  public static MetadataConfig defaults() {
    return new MetadataConfig(PORT, null, false);
  }

  /** The same settings with the secret the cloud resolved at start. */
  public MetadataConfig withSharedSecret(String secret) {
    return new MetadataConfig(port, secret, forceConfigDrive);
  }
}
