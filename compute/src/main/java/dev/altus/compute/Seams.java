package dev.altus.compute;

import dev.altus.common.context.RequestContext;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.QuotaLimits;
import dev.altus.compute.service.ServerGroupDirectory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seams between compute's parts as they answer when the part behind one is not in this
 * build: no quota limits, no aggregates (every host in the default zone), no key pairs, no server
 * groups. The parts' own implementations replace these in ComputeModule.
 */
final class Seams {
  private Seams() {}

  static final QuotaLimits NO_QUOTA_LIMITS = (project, user) -> Map.of();

  static final KeyPairLookup NO_KEY_PAIRS = (user, name) -> Optional.empty();

  static HostAggregates noAggregates(String zone) {
    return new HostAggregates() {
      @Override
      public String zoneOf(String host) {
        return zone;
      }

      @Override
      public Map<String, Set<String>> metadataOf(String host) {
        return Map.of();
      }
    };
  }

  static final ServerGroupDirectory NO_SERVER_GROUPS = new ServerGroupDirectory() {
    @Override
    public Optional<Group> find(RequestContext ctx, String id) {
      return Optional.empty();
    }

    @Override
    public Optional<Group> groupOf(String serverId) {
      return Optional.empty();
    }

    @Override
    public void addMember(RequestContext ctx, String groupId, String serverId) {
      throw new IllegalStateException("no server groups in this build");
    }

    @Override
    public void removeMember(String serverId) {}
  };
}
