package dev.altus.compute.service;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A server list request as the API parsed it. Null fields do not filter.
 *
 * @param projectId only this project's servers (null: every project, for admins)
 * @param deleted true: deleted servers only; false: not deleted; null: both (changes-since)
 * @param statuses statuses asked for (ACTIVE, ERROR...), or null
 * @param sortKeys columns to sort by, with {@code sortDirs} ("asc"/"desc") beside them
 */
public record ServerListQuery(
    String projectId,
    String userId,
    Boolean deleted,
    List<String> statuses,
    String host,
    String node,
    String flavorId,
    String imageRef,
    String reservationId,
    Long changesSince,
    Long changesBefore,
    Boolean locked,
    Pattern name,
    Pattern ip,
    Pattern ip6,
    List<String> tags,
    List<String> tagsAny,
    List<String> notTags,
    List<String> notTagsAny,
    String availabilityZone,
    String keyName,
    Integer powerState,
    List<String> vmStates,
    List<String> taskStates,
    Pattern description,
    String hostname,
    List<String> sortKeys,
    List<String> sortDirs,
    int limit,
    String marker) {}
