package dev.altus.volume.store;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The volume_image_metadata table: what a volume knows of the image it was made from. */
public final class ImageMetadataRecords {
  private final Jdbi jdbi;

  public ImageMetadataRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The volume's image metadata; empty when it was not made from an image. */
  public Map<String, String> find(String volumeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT metadata FROM volume_image_metadata"
            + " WHERE volume_id = :v").bind("v", volumeId).mapTo(String.class).findOne())
        .map(JsonMaps::read).orElse(Map.of());
  }

  /** Replaces the volume's image metadata (an empty map removes it). */
  public void put(String volumeId, Map<String, String> metadata) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM volume_image_metadata WHERE volume_id = :v")
          .bind("v", volumeId).execute();
      if (!metadata.isEmpty()) {
        h.createUpdate("INSERT INTO volume_image_metadata (volume_id, metadata) VALUES (:v, :m)")
            .bind("v", volumeId).bind("m", JsonMaps.write(metadata)).execute();
      }
    });
  }

  public void delete(String volumeId) {
    put(volumeId, Map.of());
  }
}
