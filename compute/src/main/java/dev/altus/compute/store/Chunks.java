package dev.altus.compute.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Splits long id lists for IN (...) clauses. */
final class Chunks {
  private static final int SIZE = 500;

  private Chunks() {}

  static List<List<String>> of(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += SIZE) {
      out.add(all.subList(i, Math.min(all.size(), i + SIZE)));
    }
    return out;
  }
}
