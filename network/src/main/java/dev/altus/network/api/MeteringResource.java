package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.MeteringService;

/** Routes for /v2.0/metering/metering-labels and /v2.0/metering/metering-label-rules. */
public final class MeteringResource {
  private final MeteringService metering;
  private final String baseUrl;

  public MeteringResource(MeteringService metering, String baseUrl) {
    this.metering = metering;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    String labels = "/v2.0/metering/metering-labels";
    r.post(labels, req -> ApiResponse.created(Bodies.wrap("metering_label",
        metering.createLabel(req.context(), Bodies.unwrap(req, "metering_label")))));
    r.get(labels, req -> ApiResponse.ok(ListQuery.render(req, "metering_labels",
        metering.labels(req.context()), baseUrl)));
    r.get(labels + "/{id}", req -> ApiResponse.ok(Bodies.wrap("metering_label",
        ListQuery.fields(req, metering.label(req.context(), req.param("id"))))));
    r.delete(labels + "/{id}", req -> {
      metering.deleteLabel(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
    String rules = "/v2.0/metering/metering-label-rules";
    r.post(rules, req -> ApiResponse.created(Bodies.wrap("metering_label_rule",
        metering.createRule(req.context(), Bodies.unwrap(req, "metering_label_rule")))));
    r.get(rules, req -> ApiResponse.ok(ListQuery.render(req, "metering_label_rules",
        metering.rules(req.context()), baseUrl)));
    r.get(rules + "/{id}", req -> ApiResponse.ok(Bodies.wrap("metering_label_rule",
        ListQuery.fields(req, metering.rule(req.context(), req.param("id"))))));
    r.delete(rules + "/{id}", req -> {
      metering.deleteRule(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }
}
