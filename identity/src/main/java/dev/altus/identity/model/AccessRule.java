package dev.altus.identity.model;

/**
 * An access rule of application credentials: one API call (service type, path pattern, method) a
 * restricted credential may make. Rules belong to a user and may be shared by several of the
 * user's credentials.
 */
public record AccessRule(String id, String userId, String service, String path, String method) {}
