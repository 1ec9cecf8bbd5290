package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.compute.virt.ConsoleAddress;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.VirtDriver;

/**
 * Questions the API asks a guest's host and waits for: console output, VNC address, the guest's
 * diagnostics.
 */
final class ConsoleCalls {
  private final VirtDriver driver;
  private final AgentServices s;

  ConsoleCalls(VirtDriver driver, AgentServices s) {
    this.driver = driver;
    this.s = s;
  }

  /** The guest as the driver sees it: power state, CPUs, memory, CPU time, interfaces. */
  JsonNode diagnostics(AgentMessage m) {
    try {
      dev.altus.compute.virt.InstanceInfo info = driver.info(m.serverId());
      ObjectNode o = Json.object();
      o.put("state", info.state().name());
      o.put("vcpus", info.vcpus());
      o.put("memory_mb", info.memoryMb());
      o.put("cpu_time_ns", info.cpuTimeNs());
      o.put("driver", driver.name());
      o.put("hypervisor", driver.resources().hypervisorType());
      var nics = o.putArray("macs");
      s.ports().of(m.serverId()).forEach(p -> nics.add(p.macAddress()));
      return o;
    } catch (DriverException e) {
      return InterfaceActions.error(e instanceof DriverException.InstanceNotFound ? 404 : 500,
          e.getMessage());
    }
  }

  JsonNode consoleOutput(AgentMessage m) {
    String length = m.arg("length");
    try {
      String out = driver.consoleOutput(m.serverId(),
          length == null ? null : Integer.valueOf(length));
      ObjectNode o = Json.object();
      o.put("output", out);
      return o;
    } catch (DriverException e) {
      return InterfaceActions.error(e instanceof DriverException.InstanceNotFound ? 404 : 500,
          e.getMessage());
    }
  }

  JsonNode vncConsole(AgentMessage m) {
    try {
      ConsoleAddress a = driver.vncConsole(m.serverId());
      ObjectNode o = Json.object();
      o.put("protocol", a.protocol());
      o.put("host", a.host());
      o.put("port", a.port());
      return o;
    } catch (DriverException e) {
      return InterfaceActions.error(e instanceof DriverException.InstanceNotFound ? 404 : 500,
          e.getMessage());
    }
  }
}
