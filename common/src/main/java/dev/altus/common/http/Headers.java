package dev.altus.common.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Case-insensitive request headers. */
public final class Headers {
  private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public Headers(Map<String, List<String>> raw) {
    values.putAll(raw);
  }

  public Optional<String> first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
