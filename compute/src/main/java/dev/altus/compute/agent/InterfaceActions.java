package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.compute.model.NetworkRequest;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.Vif;
import dev.altus.compute.virt.VirtDriver;

/** Hot-plugging interfaces: a port on a network (created) or a port the user brings. */
final class InterfaceActions extends TaskSupport {
  private final NetworkPlumbing net;

  InterfaceActions(AgentServices s, VirtDriver driver, String host, NetworkPlumbing net) {
    super(s, driver, host);
    this.net = net;
  }

  /** Attaches and answers with the new interface, or {"error": ..., "status": ...}. */
  JsonNode attach(AgentMessage m) {
    Server server = s.servers().find(m.serverId()).orElse(null);
    if (server == null) {
      return error(404, "Instance " + m.serverId() + " could not be found.");
    }
    RequestContext ctx = m.context();
    long event = startEvent(m, "compute_attach_interface");
    NetworkRequest req = new NetworkRequest(m.arg("network_id"), m.arg("port_id"),
        m.arg("fixed_ip"), m.arg("tag"));
    Vif vif;
    try {
      vif = net.plugOne(ctx, server, req, s.ports().nextPosition(server.id()));
    } catch (ApiException e) {
      finishEvent(event, false, e.getMessage());
      return error(e.status(), e.getMessage());
    }
    try {
      driver.attachInterface(server.id(), vif);
    } catch (DriverException e) {
      s.ports().of(server.id()).stream().filter(p -> p.portId().equals(vif.portId()))
          .findFirst().ifPresent(p -> net.unplugOne(ctx, p));
      finishEvent(event, false, e.getMessage());
      return error(500, "Failed to attach network adapter device to " + server.id() + ": "
          + e.getMessage());
    }
    finishEvent(event, true, null);
    ObjectNode ok = Json.object();
    ok.put("port_id", vif.portId());
    return ok;
  }

  void detach(AgentMessage m) {
    Server server = s.servers().find(m.serverId()).orElse(null);
    if (server == null) {
      return;
    }
    String portId = m.arg("port_id");
    ServerPort p = s.ports().of(server.id()).stream().filter(x -> x.portId().equals(portId))
        .findFirst().orElse(null);
    if (p == null) {
      return;
    }
    long event = startEvent(m, "compute_detach_interface");
    try {
      driver.detachInterface(server.id(), new Vif(p.portId(), p.macAddress(), p.networkId(),
          p.addresses().stream().map(ServerPort.Address::addr).toList(), 1500));
    } catch (DriverException e) {
      if (!(e instanceof DriverException.InstanceNotFound)) {
        fault(server.id(), 500, e.getMessage(), "Failed to detach interface " + portId);
        finishEvent(event, false, e.getMessage());
        return;
      }
    }
    net.unplugOne(m.context(), p);
    finishEvent(event, true, null);
  }

  static ObjectNode error(int status, String message) {
    ObjectNode o = Json.object();
    o.put("error", message);
    o.put("status", status);
    return o;
  }
}
