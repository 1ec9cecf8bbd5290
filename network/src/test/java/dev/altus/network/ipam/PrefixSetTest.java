package dev.altus.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixSetTest {
  private static List<Cidr> cidrs(String... s) {
    return java.util.Arrays.stream(s).map(c -> Cidr.parse(c, false)).toList();
  }

  private static List<String> text(List<Cidr> c) {
    return c.stream().map(Cidr::toString).toList();
  }

  @Test
  void compactMergesSiblingsAndDropsContainedBlocks() {
    assertThat(text(PrefixSet.compact(cidrs("10.0.0.128/26", "10.0.0.0/25", "10.0.0.192/26"))))
        .containsExactly("10.0.0.0/24");
    assertThat(text(PrefixSet.compact(cidrs("10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/16"))))
        .containsExactly("10.0.0.0/8", "192.168.0.0/16");
    // adjacent but not siblings: stay apart
    assertThat(text(PrefixSet.compact(cidrs("10.0.1.0/24", "10.0.2.0/24"))))
        .containsExactly("10.0.1.0/24", "10.0.2.0/24");
  }

  @Test
  void freeSpaceIsThePrefixesMinusWhatIsTaken() {
    PrefixSet free = PrefixSet.free(cidrs("10.0.0.0/24"), cidrs("10.0.0.0/26", "10.0.0.192/28"));
    assertThat(text(free.blocks())).containsExactly("10.0.0.64/26", "10.0.0.128/26",
        "10.0.0.208/28", "10.0.0.224/27");
    assertThat(free.size()).isEqualTo(256 - 64 - 16);
    assertThat(PrefixSet.free(cidrs("10.0.0.0/24"), cidrs("10.0.0.0/16")).blocks()).isEmpty();
  }

  @Test
  void allocationTakesTheSmallestFreeBlockThatFits() {
    PrefixSet free = PrefixSet.free(cidrs("10.0.0.0/24"), cidrs("10.0.0.0/26", "10.0.0.192/28"));
    assertThat(free.allocate(28).orElseThrow()).hasToString("10.0.0.208/28");
    assertThat(free.allocate(27).orElseThrow()).hasToString("10.0.0.224/27");
    assertThat(free.allocate(26).orElseThrow()).hasToString("10.0.0.64/26");
    assertThat(free.allocate(25)).isEmpty();
    assertThat(free.fits(Cidr.parse("10.0.0.128/26", false))).isTrue();
    assertThat(free.fits(Cidr.parse("10.0.0.0/27", false))).isFalse();
    assertThat(free.fits(Cidr.parse("10.0.0.128/25", false))).isFalse();
  }

  @Test
  void ipv6() {
    PrefixSet free = PrefixSet.free(cidrs("2001:db8::/48"), cidrs("2001:db8::/64"));
    assertThat(free.allocate(64).orElseThrow()).hasToString("2001:db8:0:1::/64");
  }
}
