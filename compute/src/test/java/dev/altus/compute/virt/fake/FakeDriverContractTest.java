package dev.altus.compute.virt.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.compute.virt.BytesImage;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The fake driver against the shared driver contract. */
class FakeDriverContractTest extends VirtDriverContractTest {
  private static final BytesImage IMAGE = BytesImage.qcow2("image-one", 70_000, 1);
  private static final BytesImage OTHER = BytesImage.qcow2("image-two", 50_000, 2);
  private static final BytesImage BROKEN = BytesImage.qcow2("image-broken", 1_000, 3);

  private FakeDriver fake;

  @Override
  protected VirtDriver newDriver() {
    fake = (FakeDriver) new FakeDriverProvider().create("contract-host",
        Map.of("boot_seconds", "0.002", "fail_on_image", BROKEN.id()));
    return fake;
  }

  @Override
  protected ImageSource bootableImage() {
    return IMAGE;
  }

  @Override
  protected ImageSource otherBootableImage() {
    return OTHER;
  }

  @Override
  protected ImageSource unbootableImage() {
    return BROKEN;
  }

  @Override
  protected void shutDownFromInside(String uuid) throws Exception {
    fake.simulateGuestShutdown(uuid);
  }

  @Override
  protected void removeBehindTheDriversBack(String uuid) throws Exception {
    fake.simulateVanish(uuid);
  }

  /** The fake's root disk is the image it booted: the snapshot is those very bytes. */
  @Override
  protected void assertSnapshot(ImageSource image, Path file, String format) throws Exception {
    super.assertSnapshot(image, file, format);
    assertThat(format).isEqualTo(image.diskFormat());
    assertThat(Files.readAllBytes(file)).isEqualTo(((BytesImage) image).bytes());
  }
}
