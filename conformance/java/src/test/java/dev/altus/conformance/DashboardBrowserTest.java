package dev.altus.conformance;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.User;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;

/**
 * The dashboard as a person uses it, in Debian's chromium driven by Playwright-Java: the demo
 * user signs in, launches an instance with the wizard, sees it reach ACTIVE in the list without
 * a reload, stops it, reads its console log, deletes it and signs out; a flavor no host can take
 * shows the scheduler's fault; a member of another project never sees the instance; and the
 * same pages work in a phone-sized window. Everything it makes is removed at the end.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String P = "dash-" + UUID.randomUUID().toString().substring(0, 8);
  private static final double WAIT_MS = 120_000;
  private static OSClientV3 demo;
  private static OSClientV3 admin;
  private static Playwright playwright;
  private static Browser browser;
  private static String url;
  private static String imageName;
  private static Image ownImage;
  private static Network net;
  private static Flavor huge;
  private static Project otherProject;
  private static User otherUser;

  @BeforeAll
  static void setUp() throws Exception {
    Cloud.dataDir();
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is missing: apt-get install chromium");
    var env = Cloud.openrc("demo");
    URI auth = URI.create(env.get("OS_AUTH_URL"));
    url = "http://" + auth.getHost() + ":" + System.getProperty("altus.dashboard.port", "8000");
    // openstack4j acts as the client that authenticated last on this thread: admin's work first
    admin = Cloud.as("admin");
    // a flavor within the project's quota that no compute host has the disk for
    huge = admin.compute().flavors().create(Builders.flavor().name(P + "-huge").ram(64).vcpus(1)
        .disk(900_000).isPublic(true).build());
    otherProject = admin.identity().projects().create(Builders.project().name(P + "-other")
        .domainId("default").build());
    otherUser = admin.identity().users().create(Builders.user().name(P + "-user")
        .password("other-pw").domainId("default").defaultProjectId(otherProject.getId()).build());
    String member = admin.identity().roles().getByName("member").get(0).getId();
    admin.identity().roles().grantProjectUserRole(otherProject.getId(), otherUser.getId(), member);
    demo = Cloud.as("demo");
    imageName = demo.imagesV2().list().stream().map(Image::getName)
        .filter("altus-guest"::equals).findFirst().orElse(null);
    if (imageName == null) {
      imageName = P + "-image";
      ownImage = demo.imagesV2().create(Builders.imageV2().name(imageName)
          .containerFormat(ContainerFormat.BARE).diskFormat(DiskFormat.RAW).build());
      demo.imagesV2().upload(ownImage.getId(),
          Payloads.create(new ByteArrayInputStream(new byte[1 << 20])), ownImage);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (demo.imagesV2().get(ownImage.getId()).getStatus() != Image.ImageStatus.ACTIVE
          && System.nanoTime() < deadline) {
        sleep(200);
      }
      assertThat(demo.imagesV2().get(ownImage.getId()).getStatus()).isEqualTo(Image.ImageStatus.ACTIVE);
    }
    net = demo.networking().network().create(Builders.network().name(P + "-net").build());
    demo.networking().subnet().create(Builders.subnet().networkId(net.getId())
        .ipVersion(IPVersionType.V4).cidr("192.168.81.0/24").build());
    demo.compute().keypairs().create(P + "-key", null);
    playwright = Playwright.create();
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(List.of("--no-sandbox",
            "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run")));
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) {
      browser.close();
      playwright.close();
    }
    if (demo == null) {
      return;
    }
    demo = Cloud.as("demo");
    demo.compute().servers().list().stream().filter(s -> s.getName().startsWith(P))
        .forEach(s -> demo.compute().servers().delete(s.getId()));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (demo.compute().servers().list().stream().anyMatch(s -> s.getName().startsWith(P))
        && System.nanoTime() < deadline) {
      sleep(500);
    }
    demo.compute().keypairs().delete(P + "-key");
    demo.networking().network().delete(net.getId());
    if (ownImage != null) {
      demo.imagesV2().delete(ownImage.getId());
    }
    admin = Cloud.as("admin");
    admin.compute().flavors().delete(huge.getId());
    admin.identity().users().delete(otherUser.getId());
    admin.identity().projects().delete(otherProject.getId());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static LocatorAssertions.HasTextOptions within() {
    return new LocatorAssertions.HasTextOptions().setTimeout(WAIT_MS);
  }

  /** Runs a flow; on failure the page as it was is in target/dashboard-failure-NAME.png. */
  private static void flow(BrowserContext context, String name, java.util.function.Consumer<Page> f) {
    Page page = context.newPage();
    try {
      f.accept(page);
    } catch (RuntimeException | AssertionError e) {
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
          .setPath(Path.of("target", "dashboard-failure-" + name + ".png")));
      throw e;
    }
  }

  private static Page signIn(Page page, String user, String password) {
    page.navigate(url + "/");
    page.getByLabel("Domain").fill("Default");
    page.getByLabel("User name").fill(user);
    page.getByLabel("Password").fill(password);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("Overview");
    return page;
  }

  /** Launches with the wizard; returns the instance's row in the list. */
  private static Locator launch(Page page, String name, String flavor) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Instances")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch instance")).click();
    page.getByLabel("Instance name").fill(name);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next")).click();
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(imageName)).check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next")).click();
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(flavor).setExact(false))
        .first().check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next")).click();
    page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName(P + "-net")).check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next")).click();
    page.getByLabel("Key pair").selectOption(P + "-key");
    assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("default")))
        .isChecked();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch").setExact(true))
        .click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasText("Instances");
    return page.locator("tr", new Page.LocatorOptions().setHas(
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))));
  }

  @Test
  void demoLaunchesStopsAndDeletesAnInstanceThatAnotherProjectNeverSees() {
    String name = P + "-vm";
    try (BrowserContext context = browser.newContext()) {
      flow(context, "demo", page -> launchStopDelete(page, name));
    }
  }

  private static void launchStopDelete(Page page, String name) {
    {
      signIn(page, "demo", Cloud.openrc("demo").get("OS_PASSWORD"));
      // the overview shows the project's quota usage
      assertThat(page.getByRole(AriaRole.METER, new Page.GetByRoleOptions().setName("Instances")))
          .isVisible();
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-overview.png")));
      Locator row = launch(page, name, "m1.tiny");
      // live status: BUILD turns ACTIVE in the list without a reload
      assertThat(row.locator(".badge")).hasText("ACTIVE", within());
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-instances.png")));

      // a member of another project signs in elsewhere and does not see it
      try (BrowserContext otherContext = browser.newContext()) {
        flow(otherContext, "other", other -> {
          signIn(other, P + "-user", "other-pw");
          other.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Instances")).click();
        assertThat(other.getByText("No instances in this project yet.")).isVisible();
          assertThat(other.locator("body")).not().containsText(name);
        });
      }

      row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Stop " + name)).click();
      assertThat(row.locator(".badge")).hasText("SHUTOFF", within());

      // its page: details and the console log
      row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name)).click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText(name);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Console log")).click();
      assertThat(page.locator("pre.console")).not().isEmpty();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete " + name)).click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm delete " + name))
          .click();
      // deleted: the page goes back to the list once the server is gone, and the row disappears
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText("Instances", within());
      assertThat(page.locator("tr[data-server-id]").filter(new Locator.FilterOptions()
          .setHasText(name))).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(WAIT_MS));

      // a flavor no host can take: the list shows the scheduler's explanation
      Locator failed = launch(page, P + "-toolarge", P + "-huge");
      assertThat(failed.locator(".badge")).hasText("ERROR", within());
      assertThat(failed.locator(".fault-line")).containsText("No valid host");
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-fault.png")));

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")))
          .isVisible();
      // the session is gone on the server, not only in the page
      assertThat(page.request().get(url + "/session").status()).isEqualTo(401);
    }
  }

  @Test
  void thePagesWorkInAPhoneSizedWindow() {
    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(390, 800))) {
      flow(context, "phone", DashboardBrowserTest::phone);
    }
  }

  private static void phone(Page page) {
    {
      signIn(page, "demo", Cloud.openrc("demo").get("OS_PASSWORD"));
      Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Pages"));
      assertThat(nav).isHidden();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
      nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Instances")).click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText("Instances");
      assertThat(nav).isHidden();
      // nothing wider than the window: no sideways scrolling of the page
      Object overflow = page.evaluate(
          "() => document.documentElement.scrollWidth > window.innerWidth");
      assertThat(overflow).isEqualTo(false);
    }
  }
}
