package dev.altus.common.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostTest {
  private final LocalHost host = new LocalHost();

  @Test
  void runsArgvWithoutAShellAndKeepsBothStreams() {
    CommandResult r = host.run(Command.of("sh", "-c", "printf 'a b'; printf oops >&2; exit 3"));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("a b");
    assertThat(r.stderr()).isEqualTo("oops");
    assertThatThrownBy(r::orThrow).isInstanceOf(HostCommandException.class)
        .hasMessageContaining("failed (exit 3): oops").hasMessageContaining("'printf '\\''a b'\\''");
    // an argument with shell characters is one argument, not a command line
    assertThat(host.run(Command.of("echo", "$(id); rm -rf /")).stdout()).isEqualTo("$(id); rm -rf /\n");
  }

  @Test
  void feedsStandardInput() {
    CommandResult r = host.run(Command.of("cat").withStdin("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.stdout()).isEqualTo("hello");
  }

  @Test
  void aMissingProgramSaysWhichOne() {
    assertThatThrownBy(() -> host.run(Command.of("no-such-program-altus")))
        .isInstanceOf(HostCommandException.class).hasMessageContaining("cannot start no-such-program-altus");
    assertThat(host.available("no-such-program-altus")).isFalse();
    assertThat(host.available("sh")).isTrue();
  }

  @Test
  void aCommandOverItsTimeIsKilled() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> host.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
        .isInstanceOf(HostCommandException.class).hasMessageContaining("did not finish within");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void outputBeyondTheBoundIsDrainedNotKept() {
    CommandResult r = host.run(Command.of("head", "-c", String.valueOf(3 * LocalHost.OUTPUT_LIMIT), "/dev/zero"));
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout().length()).isEqualTo(LocalHost.OUTPUT_LIMIT);
  }

  @Test
  void limitsAndNamespacesArePrefixes() {
    Command c = Command.of("qemu-img", "info", "x").withLimits(1L << 30, 30).inNamespace("qdhcp-n1");
    assertThat(c.fullArgv()).containsExactly("ip", "netns", "exec", "qdhcp-n1", "prlimit",
        "--as=1073741824", "--cpu=30", "--", "qemu-img", "info", "x");
    CommandResult r = host.run(Command.of("sh", "-c", "ulimit -v").withLimits(512L << 20, 5));
    assertThat(r.stdout().strip()).isEqualTo(String.valueOf(512 * 1024));
  }

  @Test
  void detachedProcessesRunInASessionOfTheirOwn(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("out.log");
    long pid = host.startDetached(Command.of("sh", "-c", "echo started; ps -o sid= -p $$; sleep 30"), log);
    try {
      for (int i = 0; i < 100 && Files.readString(log).lines().count() < 2; i++) {
        Thread.sleep(50);
      }
      List<String> lines = Files.readAllLines(log);
      assertThat(lines.get(0)).isEqualTo("started");
      assertThat(Long.parseLong(lines.get(1).strip())).isEqualTo(pid); // its own session leader
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theRecordingHostAnswersByPrefix() {
    RecordingHost fake = new RecordingHost()
        .answer(List.of("ip", "link", "show"), 1, "", "Device does not exist").without("dnsmasq");
    assertThat(fake.run(Command.of("ip", "link", "show", "brq1")).exitCode()).isEqualTo(1);
    assertThat(fake.run(Command.of("ip", "link", "add", "brq1", "type", "bridge")).ok()).isTrue();
    assertThat(fake.lines()).containsExactly("ip link show brq1", "ip link add brq1 type bridge");
    assertThat(fake.available("dnsmasq")).isFalse();
    assertThat(fake.available("ip")).isTrue();
  }
}
