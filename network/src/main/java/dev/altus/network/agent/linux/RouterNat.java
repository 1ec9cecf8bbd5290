package dev.altus.network.agent.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAT of a router namespace as one {@code iptables-restore} input: the metadata redirect,
 * floating IPs (DNAT in, SNAT out) and the SNAT of tenant subnets to the gateway address, plus the
 * mark that tells traffic arriving from the external network apart, so that a guest reaching a
 * floating IP from inside (its own, or a neighbour's on its subnet) is translated to the gateway
 * address and gets its answers back through the router. Loaded whole, so the tables hold exactly
 * these rules however often they are applied (nothing duplicated, nothing stale), in one atomic
 * step.
 */
final class RouterNat {
  private RouterNat() {}

  /** Marks packets that came in from the external network (Neutron's 0x2). */
  private static final String EXTERNAL_MARK = "0x2/0xffff";

  /** The {@code iptables-restore} input for the plan's {@code mangle} and {@code nat} tables. */
  static String table(RouterPlan plan) {
    List<String> mangle = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    rules.add("-A PREROUTING -d " + L3Names.METADATA_ADDRESS + "/32 -i qr-+ -p tcp -m tcp"
        + " --dport 80 -j REDIRECT --to-ports " + L3Names.PROXY_PORT);
    RouterPlan.Port gw = plan.gateway();
    if (gw != null) {
      String qg = gw.device();
      for (RouterPlan.FloatingIp f : plan.floatingIps()) {
        rules.add("-A PREROUTING -d " + f.floatingIp() + "/32 -j DNAT --to-destination "
            + f.fixedIp());
        // connections the router itself opens to the floating IP
        rules.add("-A OUTPUT -d " + f.floatingIp() + "/32 -j DNAT --to-destination "
            + f.fixedIp());
        rules.add("-A POSTROUTING -s " + f.fixedIp() + "/32 -o " + qg + " -j SNAT --to-source "
            + f.floatingIp());
      }
      String source = plan.gatewayIpv4();
      if (source != null && !plan.floatingIps().isEmpty()) {
        mangle.add("-A PREROUTING -i " + qg + " -j MARK --set-xmark " + EXTERNAL_MARK);
        rules.add("-A POSTROUTING -m mark ! --mark " + EXTERNAL_MARK + " -m conntrack --ctstate"
            + " DNAT -j SNAT --to-source " + source);
      }
      if (plan.snat() && source != null) {
        for (RouterPlan.Port p : plan.interfaces()) {
          for (String cidr : p.cidrs()) {
            if (!cidr.contains(":")) {
              rules.add("-A POSTROUTING -s " + cidr + " -o " + qg + " -j SNAT --to-source "
                  + source);
            }
          }
        }
      }
    }
    StringBuilder b = new StringBuilder();
    section(b, "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"), mangle);
    section(b, "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"), rules);
    return b.toString();
  }

  private static void section(StringBuilder b, String table, List<String> chains,
      List<String> rules) {
    b.append('*').append(table).append('\n');
    for (String chain : chains) {
      b.append(':').append(chain).append(" ACCEPT [0:0]\n");
    }
    rules.forEach(r -> b.append(r).append('\n'));
    b.append("COMMIT\n");
  }
}
