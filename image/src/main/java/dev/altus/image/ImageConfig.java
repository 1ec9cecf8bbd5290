package dev.altus.image;

import java.nio.file.Path;
import java.util.List;

/**
 * The image service's settings.
 *
 * @param imagesDir where the file backend keeps image data (DATA_DIR/images)
 * @param publicUrl the endpoint's public URL, as in the catalog, without the version
 * @param diskFormats accepted disk_format values
 * @param containerFormats accepted container_format values
 * @param maxImageSize the largest image accepted, in bytes (Glance's image_size_cap)
 * @param imageCountQuota images a project may own, negative for no limit
 * @param storageQuota bytes of image data a project may store, negative for no limit
 * @param policyFile an oslo.policy file overriding the default rules, or null
 * @param importMethods the interoperable import methods offered (glance-direct, web-download)
 * @param store the image store backend by name ({@code file})
 * @param webDownloadAllowedHosts hosts or addresses web-download may fetch from although they are
 *     loopback, private or link-local (all such addresses are refused otherwise)
 * @param requireImageFormatMatch uploaded and imported data must be of its image's disk_format
 *     (Glance's [image_format] require_image_format_match); when false only unsafe images (a
 *     qcow2 naming a backing or data file, VMDK extents, QED) are refused
 */
public record ImageConfig(
    Path imagesDir,
    String publicUrl,
    List<String> diskFormats,
    List<String> containerFormats,
    long maxImageSize,
    long imageCountQuota,
    long storageQuota,
    Path policyFile,
    List<String> importMethods,
    List<String> webDownloadAllowedHosts,
    String store,
    boolean requireImageFormatMatch) {

  public static final List<String> DISK_FORMATS = List.of("ami", "ari", "aki", "vhd", "vhdx",
      "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
  public static final List<String> CONTAINER_FORMATS = List.of("ami", "ari", "aki", "bare", "ovf",
      "ova", "docker", "compressed");
  public static final long DEFAULT_MAX_IMAGE_SIZE = 1L << 40;
  public static final List<String> IMPORT_METHODS = List.of("glance-direct", "web-download");

  public ImageConfig {
    if (diskFormats.isEmpty() || containerFormats.isEmpty()) {
      throw new IllegalArgumentException("image.disk_formats and image.container_formats must"
          + " each name at least one format");
    }
    if (maxImageSize <= 0) {
      throw new IllegalArgumentException("image.max_image_size must be a positive number of bytes");
    }
    for (String m : importMethods) {
      if (!IMPORT_METHODS.contains(m)) {
        throw new IllegalArgumentException("image.import_methods: unknown method '" + m
            + "'; known: " + IMPORT_METHODS);
      }
    }
    importMethods = List.copyOf(importMethods);
    webDownloadAllowedHosts = List.copyOf(webDownloadAllowedHosts);
    diskFormats = List.copyOf(diskFormats);
    containerFormats = List.copyOf(containerFormats);
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** Settings that require uploaded data to match its disk_format (Glance's default). */
  public ImageConfig(Path imagesDir, String publicUrl, List<String> diskFormats,
      List<String> containerFormats, long maxImageSize, long imageCountQuota, long storageQuota,
      Path policyFile, List<String> importMethods, List<String> webDownloadAllowedHosts,
      String store) {
    this(imagesDir, publicUrl, diskFormats, containerFormats, maxImageSize, imageCountQuota,
        storageQuota, policyFile, importMethods, webDownloadAllowedHosts, store, true);
  }

  /** All-in-one defaults under a data directory. */
  public static ImageConfig defaults(Path dataDir, String publicUrl) {
    return new ImageConfig(dataDir.resolve("images"), publicUrl, DISK_FORMATS, CONTAINER_FORMATS,
        DEFAULT_MAX_IMAGE_SIZE, -1, -1, null, IMPORT_METHODS, List.of(), "file");
  }

  public ImageConfig withQuotas(long images, long bytes) {
    return new ImageConfig(imagesDir, publicUrl, diskFormats, containerFormats, maxImageSize,
        images, bytes, policyFile, importMethods, webDownloadAllowedHosts, store,
        requireImageFormatMatch);
  }

  public ImageConfig withWebDownloadAllowedHosts(List<String> hosts) {
    return new ImageConfig(imagesDir, publicUrl, diskFormats, containerFormats, maxImageSize,
        imageCountQuota, storageQuota, policyFile, importMethods, hosts, store,
        requireImageFormatMatch);
  }

  public ImageConfig withRequireImageFormatMatch(boolean require) {
    return new ImageConfig(imagesDir, publicUrl, diskFormats, containerFormats, maxImageSize,
        imageCountQuota, storageQuota, policyFile, importMethods, webDownloadAllowedHosts, store,
        require);
  }
}
