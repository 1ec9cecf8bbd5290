package dev.altus.network.agent.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAT table of a router namespace as one {@code iptables-restore} input: the metadata redirect,
 * floating IPs (DNAT in, SNAT out) and the SNAT of tenant subnets to the gateway address. Loaded
 * whole, so the table holds exactly these rules however often it is applied (nothing duplicated,
 * nothing stale), in one atomic step.
 */
final class RouterNat {
  private RouterNat() {}

  /** The {@code iptables-restore} input for the plan's {@code nat} table. */
  static String table(RouterPlan plan) {
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
    StringBuilder b = new StringBuilder("*nat\n");
    for (String chain : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
      b.append(':').append(chain).append(" ACCEPT [0:0]\n");
    }
    rules.forEach(r -> b.append(r).append('\n'));
    return b.append("COMMIT\n").toString();
  }
}
