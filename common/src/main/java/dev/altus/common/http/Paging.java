package dev.altus.common.http;

import dev.altus.common.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** OpenStack's {@code limit} / {@code marker} paging over an ordered list. */
public final class Paging {
  private Paging() {}

  public record Page<T>(List<T> items, boolean more) {}

  /**
   * Returns the items after {@code marker} (an id), at most {@code limit} of them. An unknown
   * marker is a 400 as the OpenStack APIs answer.
   */
  public static <T> Page<T> page(List<T> all, Function<T, String> id, ApiRequest req, int maxLimit) {
    int start = 0;
    var marker = req.queryParam("marker");
    if (marker.isPresent()) {
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (id.apply(all.get(i)).equals(marker.get())) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw ApiException.badRequest("Marker " + marker.get() + " could not be found.");
      }
    }
    int limit = maxLimit;
    var l = req.queryParam("limit");
    if (l.isPresent()) {
      try {
        limit = Integer.parseInt(l.get());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit must be an integer, not '" + l.get() + "'.");
      }
      if (limit < 0) {
        throw ApiException.badRequest("limit must be zero or positive, not " + limit + ".");
      }
      limit = Math.min(limit, maxLimit);
    }
    int end = Math.min(all.size(), start + limit);
    return new Page<>(new ArrayList<>(all.subList(Math.min(start, all.size()), end)), end < all.size());
  }
}
