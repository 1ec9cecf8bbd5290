package dev.altus.server.doctor;

import dev.altus.compute.agent.ComputeAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which accelerator each compute host's guests get, as its driver's probe decided: KVM, or the
 * software emulation (TCG) fallback the driver chose by itself, with the reason.
 */
final class AccelerationCheck implements DoctorCheck {
  private final Supplier<List<ComputeAgent>> agents;

  AccelerationCheck(Supplier<List<ComputeAgent>> agents) {
    this.agents = agents;
  }

  @Override
  public String name() {
    return "hypervisor";
  }

  @Override
  public List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    for (ComputeAgent a : agents.get()) {
      String accel = a.driver().acceleration();
      String who = a.host() + " (" + a.driver().name() + " driver): ";
      if (accel.startsWith("tcg")) {
        out.add(Finding.warn(name(), who + "guests run under software emulation, chosen by the"
            + " driver itself: " + accel, "nothing is broken, guests are only slower (the"
            + " classic guide's virt_type = qemu); for KVM, enable hardware virtualisation"
            + " (nested KVM on a virtual machine) so that /dev/kvm boots a guest kernel"));
      } else {
        out.add(Finding.ok(name(), who + accel));
      }
    }
    if (out.isEmpty()) {
      out.add(Finding.warn(name(), "no compute agent runs in this process",
          "compute agents of other machines report their accelerator in their own doctor run"));
    }
    return out;
  }
}
