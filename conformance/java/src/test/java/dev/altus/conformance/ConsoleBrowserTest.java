package dev.altus.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.VNCConsole;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;

/**
 * A console URL as a person opens it: the noVNC page in Chromium (Debian's, driven by
 * Playwright-Java) connects through the console proxy and shows the guest's screen. The cloud's
 * {@code altus-guest} image is booted when it exists (the QEMU driver's guests), else a small image
 * of the test's own.
 */
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String P = "console-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void theConsoleUrlOpensInChromiumAndShowsTheGuestsScreen() throws Exception {
    Cloud.dataDir();
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is missing: apt-get install chromium");
    OSClientV3 demo = Cloud.as("demo");
    String imageId = demo.imagesV2().list().stream()
        .filter(i -> "altus-guest".equals(i.getName())).map(Image::getId).findFirst().orElse(null);
    Image own = null;
    if (imageId == null) {
      own = demo.imagesV2().create(Builders.imageV2().name(P + "-image")
          .containerFormat(ContainerFormat.BARE).diskFormat(DiskFormat.RAW).build());
      demo.imagesV2().upload(own.getId(), Payloads.create(new ByteArrayInputStream(new byte[1 << 20])), own);
      imageId = own.getId();
    }
    Network net = demo.networking().network().create(Builders.network().name(P + "-net").build());
    demo.networking().subnet().create(Builders.subnet().networkId(net.getId())
        .ipVersion(IPVersionType.V4).cidr("192.168.79.0/24").build());
    String flavor = demo.compute().flavors().list().stream()
        .filter(f -> f.getName().equals("m1.tiny")).findFirst().orElseThrow().getId();
    Server server = demo.compute().servers().boot(Builders.server().name(P + "-vm")
        .flavor(flavor).image(imageId).networks(List.of(net.getId())).build());
    String id = server.getId();
    try {
      Server active = waitForStatus(demo, id);
      assertThat(active.getStatus()).as(String.valueOf(active.getFault())).isEqualTo(Server.Status.ACTIVE);
      VNCConsole console = demo.compute().servers().getVNCConsole(id, VNCConsole.Type.NOVNC);
      assertThat(console.getURL()).contains("token");
      try (Playwright pw = Playwright.create();
           Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
               .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(List.of("--no-sandbox")))) {
        Page page = browser.newPage();
        page.navigate(console.getURL());
        Locator status = page.locator("#status");
        page.waitForFunction("() => document.querySelector('#status').textContent.startsWith('Connected')",
            null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        assertThat(status.textContent()).startsWith("Connected");
        Locator canvas = page.locator("canvas");
        canvas.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        // the screen is drawn: wait until the canvas holds more than one colour (text on a background)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int colours = 0;
        byte[] png = null;
        while (System.nanoTime() < deadline) {
          png = canvas.screenshot();
          colours = colours(png);
          if (colours > 1) {
            break;
          }
          Thread.sleep(500);
        }
        Files.write(Path.of("target", "console-screen.png"), png);
        assertThat(colours).as("colours on the console canvas (target/console-screen.png)")
            .isGreaterThan(1);
      }
    } finally {
      demo.compute().servers().delete(id);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (demo.compute().servers().get(id) != null && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      demo.networking().network().delete(net.getId());
      if (own != null) {
        demo.imagesV2().delete(own.getId());
      }
    }
  }

  private static Server waitForStatus(OSClientV3 os, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      Server s = os.compute().servers().get(id);
      if (s.getStatus() == Server.Status.ACTIVE || s.getStatus() == Server.Status.ERROR
          || System.nanoTime() > deadline) {
        return s;
      }
      Thread.sleep(500);
    }
  }

  static int colours(byte[] png) throws java.io.IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
        if (seen.size() > 16) {
          return seen.size();
        }
      }
    }
    return seen.size();
  }
}
