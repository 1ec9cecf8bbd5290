package dev.altus.compute.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.altus.common.json.Json;
import java.util.List;

/** Values kept as JSON text in a column (flavor snapshots, request specs, lists). */
final class JsonColumns {
  private JsonColumns() {}

  static String write(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T read(String text, Class<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable: "
          + e.getOriginalMessage(), e);
    }
  }

  static List<String> readStrings(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(text, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored list is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
