package dev.altus.network.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change a data-plane agent is told about, after it is committed.
 *
 * @param kind what changed: {@code network}, {@code subnet}, {@code port}, {@code router},
 *     {@code floatingip}, {@code security_group} or {@code security_group_rule}
 * @param action {@code created}, {@code updated} or {@code deleted}
 * @param id the resource's id
 * @param resource the resource as the API shows it to an admin after the change (before it, for
 *     a deletion)
 */
public record ResourceChange(String kind, String action, String id, ObjectNode resource) {}
