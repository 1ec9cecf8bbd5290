package dev.altus.compute.model;

/**
 * Why a server is in ERROR (or why its last action failed), as the API shows it.
 *
 * @param code the HTTP-like code: 500 for failures of the cloud, 4xx for the caller's mistakes
 * @param message a one-line reason an operator can act on
 * @param details more context (admins only when the code is 500, as in Nova)
 * @param created when it happened (epoch ms)
 */
public record Fault(int code, String message, String details, long created) {}
