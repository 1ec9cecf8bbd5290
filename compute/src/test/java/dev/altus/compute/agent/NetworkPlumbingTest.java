package dev.altus.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which security groups a server's new port asks the network service for. */
class NetworkPlumbingTest {
  @Test
  void theImplicitDefaultGroupAloneIsNotAskedFor() {
    // the network service applies the default group itself, and none where port security is off
    assertThat(NetworkPlumbing.requestedGroups(List.of("default"))).isEmpty();
    assertThat(NetworkPlumbing.requestedGroups(List.of())).isEmpty();
    assertThat(NetworkPlumbing.requestedGroups(null)).isEmpty();
  }

  @Test
  void groupsTheUserNamedAreAskedFor() {
    assertThat(NetworkPlumbing.requestedGroups(List.of("web"))).containsExactly("web");
    assertThat(NetworkPlumbing.requestedGroups(List.of("default", "web")))
        .containsExactly("default", "web");
  }
}
