package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.store.ComputeNodeStore;
import dev.altus.compute.store.ComputeServiceStore;
import java.time.Clock;
import java.util.List;

/**
 * The operator's side of compute services: list them with their state, enable or disable a
 * nova-compute service (with a reason), force it down, delete a service. Only nova-compute
 * services can be switched, as in Nova; a compute service hosting servers cannot be deleted.
 */
public final class ComputeServiceAdmin {
  public static final String COMPUTE = "nova-compute";

  private final ComputeServiceStore store;
  private final ComputeNodeStore nodes;
  private final ServiceLiveness liveness;
  private final Clock clock;

  public ComputeServiceAdmin(ComputeServiceStore store, ComputeNodeStore nodes,
      ServiceLiveness liveness, Clock clock) {
    this.store = store;
    this.nodes = nodes;
    this.liveness = liveness;
    this.clock = clock;
  }

  /** Services filtered by exact host and binary (either may be null). */
  public List<ServiceRecord> list(String host, String binary) {
    return store.all().stream()
        .filter(s -> host == null || s.host().equals(host))
        .filter(s -> binary == null || s.binary().equals(binary))
        .toList();
  }

  public boolean isUp(ServiceRecord s) {
    return liveness.isUp(s);
  }

  public ServiceRecord byId(String id) {
    return store.find(id).orElseThrow(
        () -> ApiException.notFound("Service " + id + " could not be found."));
  }

  /** The service by host and binary, for the updates before microversion 2.53. */
  public ServiceRecord byHost(String host, String binary) {
    if (!binary.equals(COMPUTE)) {
      throw notCompute(binary);
    }
    return store.find(host, binary).orElseThrow(() -> ApiException.notFound(
        "Compute host " + host + " with binary " + binary + " could not be found."));
  }

  /**
   * Applies switches to a nova-compute service: {@code disabled} (with {@code reason}) and/or
   * {@code forcedDown}; null leaves a switch as it is.
   */
  public ServiceRecord update(ServiceRecord s, Boolean disabled, String reason,
      Boolean forcedDown) {
    if (!s.binary().equals(COMPUTE)) {
      throw notCompute(s.binary());
    }
    long now = clock.millis();
    if (disabled != null && !store.setDisabled(s.id(), disabled, disabled ? reason : null, now)) {
      throw ApiException.notFound("Service " + s.id() + " could not be found.");
    }
    if (forcedDown != null && !store.setForcedDown(s.id(), forcedDown, now)) {
      throw ApiException.notFound("Service " + s.id() + " could not be found.");
    }
    return byId(s.id());
  }

  /** Deletes a service; a compute service still hosting servers is refused (409). */
  public void delete(ServiceRecord s) {
    if (s.binary().equals(COMPUTE) && nodes.hasServers(s.host())) {
      throw ApiException.conflict("Unable to delete compute service that is hosting instances."
          + " Migrate or delete the instances first.");
    }
    if (!store.delete(s.id())) {
      throw ApiException.notFound("Service " + s.id() + " not found.");
    }
  }

  private static ApiException notCompute(String binary) {
    return ApiException.badRequest("Updating a " + binary + " service is not supported. Only"
        + " nova-compute services can be updated.");
  }
}
