package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;

/** Where an agent hands a build back when it failed on its host but another host might do. */
public interface Rescheduler {
  /**
   * Releases the server's claim and schedules it again on a host not tried yet, or puts it in
   * ERROR when it has used up its attempts.
   *
   * @param caller the request context of the create, as {@link CallerContexts} writes it
   * @param actionId the create action the attempts are recorded on
   */
  void reschedule(String serverId, String failedHost, String reason, JsonNode caller,
      long actionId);
}
