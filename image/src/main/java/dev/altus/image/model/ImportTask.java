package dev.altus.image.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One import request and how it went: processing, then success or failure (with a message). */
public record ImportTask(String id, String imageId, String type, String status, String owner,
    String userId, String requestId, JsonNode input, String message, Instant createdAt,
    Instant updatedAt) {}
