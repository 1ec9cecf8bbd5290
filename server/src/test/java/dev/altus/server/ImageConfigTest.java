package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.image.ImageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image service's options: defaults, overrides and refused values. */
class ImageConfigTest {
  @Test
  void defaultsNeedNoFile() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    AltusConfig c = AltusConfig.load(dir, null, null, Map.of());
    assertThat(c.imagePort()).isEqualTo(9292);
    assertThat(c.image().publicUrl()).isEqualTo("http://127.0.0.1:9292");
    assertThat(c.image().imagesDir()).isEqualTo(dir.resolve("images"));
    assertThat(c.image().diskFormats()).isEqualTo(ImageConfig.DISK_FORMATS);
    assertThat(c.image().containerFormats()).isEqualTo(ImageConfig.CONTAINER_FORMATS);
    assertThat(c.image().maxImageSize()).isEqualTo(1L << 40);
    assertThat(c.image().imageCountQuota()).isEqualTo(-1);
    assertThat(c.image().storageQuota()).isEqualTo(-1);
    assertThat(c.image().policyFile()).isNull();
    assertThat(c.image().importMethods()).containsExactly("glance-direct", "web-download");
    assertThat(c.image().webDownloadAllowedHosts()).isEmpty();
    assertThat(c.image().store()).isEqualTo("file");
  }

  @Test
  void fileAndEnvironmentOverride() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Files.writeString(dir.resolve("altus.conf"),
        "image.disk_formats = raw, qcow2\nimage.storage_quota = 1000\nimage.port = 9393\n");
    AltusConfig c = AltusConfig.load(dir, "127.0.0.9", null,
        Map.of("ALTUS_IMAGE_IMAGE_COUNT_QUOTA", "5"));
    assertThat(c.image().diskFormats()).isEqualTo(List.of("raw", "qcow2"));
    assertThat(c.image().storageQuota()).isEqualTo(1000);
    assertThat(c.image().imageCountQuota()).isEqualTo(5);
    assertThat(c.imagePort()).isEqualTo(9393);
    assertThat(c.image().publicUrl()).isEqualTo("http://127.0.0.9:9393");
  }

  @Test
  void badValuesAreRefusedWithTheOptionName() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Files.writeString(dir.resolve("altus.conf"), "image.max_image_size = lots\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("image.max_image_size");
    Files.writeString(dir.resolve("altus.conf"), "image.disk_formats = ,\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("image.disk_formats");
    Files.writeString(dir.resolve("altus.conf"), "image.import_methods = copy-image\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("image.import_methods");
  }
}
