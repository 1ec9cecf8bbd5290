package dev.altus.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A console URL that a scenario got from {@code openstack console url show --novnc} (passed as
 * {@code -Daltus.console.url}), opened in Chromium as a person would: the noVNC page connects
 * through the console proxy, the canvas shows the guest's screen (text on a background), and the
 * guest's login prompt answers typing: the user name typed at the prompt changes the screen (the
 * guest echoes it and asks for the password). Screenshots before and after go to
 * {@code target/console-url-*.png}. Skipped without the property (the walkthrough runs it).
 */
class ConsoleUrlTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void theConsoleUrlShowsTheGuestsLoginPromptWhichAnswersTyping() throws Exception {
    String url = System.getProperty("altus.console.url", "");
    assumeTrue(!url.isBlank(), "no -Daltus.console.url given");
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is missing: apt-get install chromium");
    assertThat(url).contains("token");
    try (Playwright pw = Playwright.create();
         Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
             .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(List.of("--no-sandbox")))) {
      Page page = browser.newPage();
      page.navigate(url);
      page.waitForFunction("() => document.querySelector('#status').textContent.startsWith('Connected')",
          null, new Page.WaitForFunctionOptions().setTimeout(30_000));
      Locator canvas = page.locator("canvas");
      canvas.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
      byte[] before = waitForText(canvas, Duration.ofSeconds(60));
      Files.write(Path.of("target", "console-url-before.png"), before);
      assertThat(ConsoleBrowserTest.colours(before))
          .as("colours on the console canvas (target/console-url-before.png)").isGreaterThan(1);
      // the login prompt takes the keys: the typed name and the password prompt appear
      canvas.click();
      page.keyboard().type("altus");
      page.keyboard().press("Enter");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      byte[] after = canvas.screenshot();
      while (Arrays.equals(before, after) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        after = canvas.screenshot();
      }
      Files.write(Path.of("target", "console-url-after.png"), after);
      assertThat(after).as("the screen after typing at the login prompt (target/console-url-after.png)")
          .isNotEqualTo(before);
    }
  }

  /** A screenshot of the canvas once it holds more than one colour, or the last one taken. */
  private static byte[] waitForText(Locator canvas, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] png = canvas.screenshot();
    while (ConsoleBrowserTest.colours(png) <= 1 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      png = canvas.screenshot();
    }
    return png;
  }
}
