package dev.altus.dashboard;

/**
 * A refusal from a service the dashboard asked on the user's behalf (or a failure to reach it),
 * with the status to answer the browser and the service's own words.
 */
final class ServiceError extends Exception {
  private final int status;

  ServiceError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
