package dev.altus.image.backend;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Makes an {@link ImageStore} by name ({@code image.store}); implementations are found with
 * {@link ServiceLoader}, so a new backend is a jar with a provider entry.
 */
public interface ImageStoreProvider {
  /** The name used in configuration, e.g. {@code file}. */
  String name();

  /** A store keeping its data under {@code dir} (for backends that keep local files). */
  ImageStore create(Path dir);

  /** The provider named {@code name}; a clear error naming the known ones otherwise. */
  static ImageStoreProvider named(String name) {
    StringBuilder known = new StringBuilder();
    for (ImageStoreProvider p : ServiceLoader.load(ImageStoreProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
      known.append(known.isEmpty() ? "" : ", ").append(p.name());
    }
    throw new IllegalArgumentException("image.store: no image store named '" + name
        + "'; known: " + known);
  }
}
