package dev.altus.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The built browser side (Vite's output, packed in the jar under {@code dashboard-assets/}):
 * read once, kept in memory with a gzip copy for text types. Files under {@code assets/} have
 * content hashes in their names and are cached for a year; {@code index.html} is revalidated.
 */
final class StaticAssets {
  static final String ROOT = "dashboard-assets/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
      "ico", "image/x-icon", "json", "application/json", "woff2", "font/woff2",
      "txt", "text/plain; charset=utf-8");
  private final ClassLoader loader;
  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** One file: its bytes, their gzip form when that is smaller, type and caching rule. */
  record Asset(byte[] bytes, byte[] gzip, String type, String cacheControl) {}

  StaticAssets(ClassLoader loader) {
    this.loader = loader;
  }

  /** Whether the build put the browser side into this jar. */
  boolean built() {
    return find("index.html").isPresent();
  }

  /** The file at a request path ("/" is index.html); empty for anything else. */
  Optional<Asset> find(String path) {
    String p = path.equals("/") || path.isEmpty() ? "index.html" : path.replaceFirst("^/+", "");
    if (p.contains("..") || p.contains("//") || p.contains("\\")) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(p, this::load);
  }

  private Optional<Asset> load(String p) {
    try (InputStream in = loader.getResourceAsStream(ROOT + p)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String ext = p.substring(p.lastIndexOf('.') + 1);
      String type = TYPES.getOrDefault(ext, "application/octet-stream");
      byte[] gzip = type.startsWith("text/") || type.contains("svg") || type.contains("json")
          ? gzip(bytes) : null;
      String cache = p.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      return Optional.of(new Asset(bytes, gzip != null && gzip.length < bytes.length ? gzip : null,
          type, cache));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }
}
