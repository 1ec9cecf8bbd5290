package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A group of users in a domain; role assignments to a group apply to all its members. */
public record Group(String id, String domainId, String name, String description, ObjectNode extra) {}
