package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.NetworkService;
import dev.altus.network.service.PortService;
import dev.altus.network.service.SubnetService;

/** Routes for /v2.0/networks, /v2.0/subnets and /v2.0/ports. */
public final class CoreResources {
  private final NetworkService networks;
  private final SubnetService subnets;
  private final PortService ports;
  private final String baseUrl;

  public CoreResources(NetworkService networks, SubnetService subnets, PortService ports, String baseUrl) {
    this.networks = networks;
    this.subnets = subnets;
    this.ports = ports;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.post("/v2.0/networks", req -> req.json().has("networks")
        ? Bodies.bulk(req, "network", "networks", in -> networks.view(req.context(),
            networks.create(req.context(), in)), id -> networks.delete(req.context(), id))
        : ApiResponse.created(Bodies.wrap("network",
        networks.view(req.context(), networks.create(req.context(), Bodies.unwrap(req, "network"))))));
    r.get("/v2.0/networks", req -> ApiResponse.ok(ListQuery.render(req, "networks",
        networks.list(req.context()).stream().map(n -> networks.view(req.context(), n)).toList(), baseUrl)));
    r.get("/v2.0/networks/{id}", req -> ApiResponse.ok(Bodies.wrap("network", ListQuery.fields(req,
        networks.view(req.context(), networks.get(req.context(), req.param("id")))))));
    r.put("/v2.0/networks/{id}", req -> ApiResponse.ok(Bodies.wrap("network", networks.view(
        req.context(), networks.update(req.context(), req.param("id"), Bodies.unwrap(req, "network"))))));
    r.delete("/v2.0/networks/{id}", req -> {
      networks.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });

    r.post("/v2.0/subnets", req -> req.json().has("subnets")
        ? Bodies.bulk(req, "subnet", "subnets", in -> subnets.create(req.context(), in),
            id -> subnets.delete(req.context(), id))
        : ApiResponse.created(Bodies.wrap("subnet",
        subnets.create(req.context(), Bodies.unwrap(req, "subnet")))));
    r.get("/v2.0/subnets", req -> ApiResponse.ok(ListQuery.render(req, "subnets",
        subnets.list(req.context()), baseUrl)));
    r.get("/v2.0/subnets/{id}", req -> ApiResponse.ok(Bodies.wrap("subnet",
        ListQuery.fields(req, subnets.get(req.context(), req.param("id"))))));
    r.put("/v2.0/subnets/{id}", req -> ApiResponse.ok(Bodies.wrap("subnet",
        subnets.update(req.context(), req.param("id"), Bodies.unwrap(req, "subnet")))));
    r.delete("/v2.0/subnets/{id}", req -> {
      subnets.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });

    r.post("/v2.0/ports", req -> req.json().has("ports")
        ? Bodies.bulk(req, "port", "ports", in -> ports.view(req.context(), ports.create(req.context(), in)),
            id -> ports.delete(req.context(), id))
        : ApiResponse.created(Bodies.wrap("port",
        ports.view(req.context(), ports.create(req.context(), Bodies.unwrap(req, "port"))))));
    r.get("/v2.0/ports", req -> {
      // with thousands of ports: an admin's plain list is the stored text as it is, a page is
      // read from the database by id, and a filter on a port attribute rules ports out before
      // they are parsed
      if (ListQuery.plain(req)) {
        var stored = ports.allAsStored(req.context());
        if (stored.isPresent()) {
          return ListQuery.renderStored("ports", stored.get());
        }
      }
      var pageSize = ListQuery.keysetLimit(req);
      if (pageSize.isPresent()) {
        String marker = req.queryParam("marker").orElse(null);
        if (marker != null && !ports.visible(req.context(), marker)) {
          throw ListQuery.markerNotFound(marker);
        }
        return ApiResponse.ok(ListQuery.renderPage(req, "ports", ports.page(req.context(), marker,
            pageSize.getAsInt() + 1).stream().map(p -> ports.view(req.context(), p)).toList(),
            pageSize.getAsInt(), baseUrl));
      }
      var text = ListQuery.prefilter(req, PortService.TEXT_ATTRIBUTES);
      var found = ports.candidates(req.context(), req.query())
          .orElseGet(() -> ports.list(req.context(), text));
      return ApiResponse.ok(ListQuery.render(req, "ports", found.stream()
          .map(p -> ports.view(req.context(), p)).toList(), baseUrl));
    });
    r.get("/v2.0/ports/{id}", req -> ApiResponse.ok(Bodies.wrap("port", ListQuery.fields(req,
        ports.view(req.context(), ports.get(req.context(), req.param("id")))))));
    r.put("/v2.0/ports/{id}", req -> ApiResponse.ok(Bodies.wrap("port", ports.view(req.context(),
        ports.update(req.context(), req.param("id"), Bodies.unwrap(req, "port"))))));
    r.delete("/v2.0/ports/{id}", req -> {
      ports.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }

}
