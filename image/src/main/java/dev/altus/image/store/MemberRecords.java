package dev.altus.image.store;

import dev.altus.image.model.Member;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The image_members table: which projects an image is shared with. */
public final class MemberRecords {
  private final Jdbi jdbi;

  public MemberRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Member m) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO image_members (image_id, member_id, status,"
            + " created_at, updated_at) VALUES (:i, :m, :s, :c, :u)")
        .bind("i", m.imageId()).bind("m", m.memberId()).bind("s", m.status())
        .bind("c", m.createdAt().toEpochMilli()).bind("u", m.updatedAt().toEpochMilli())
        .execute());
  }

  public Optional<Member> find(String imageId, String memberId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM image_members WHERE image_id = :i"
            + " AND member_id = :m").bind("i", imageId).bind("m", memberId)
        .map((rs, ctx) -> new Member(rs.getString("image_id"), rs.getString("member_id"),
            rs.getString("status"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at"))))
        .findOne());
  }

  public List<Member> ofImage(String imageId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM image_members WHERE image_id = :i"
            + " ORDER BY created_at, member_id").bind("i", imageId)
        .map((rs, ctx) -> new Member(rs.getString("image_id"), rs.getString("member_id"),
            rs.getString("status"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at"))))
        .list());
  }

  /** image id -> this project's membership status, for listing. */
  public Map<String, String> statusesOf(String memberId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT image_id, status FROM image_members"
            + " WHERE member_id = :m").bind("m", memberId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  public int count(String imageId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM image_members WHERE"
        + " image_id = :i").bind("i", imageId).mapTo(Integer.class).one());
  }

  public boolean updateStatus(String imageId, String memberId, String status, Instant at) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE image_members SET status = :s,"
            + " updated_at = :u WHERE image_id = :i AND member_id = :m")
        .bind("s", status).bind("u", at.toEpochMilli()).bind("i", imageId).bind("m", memberId)
        .execute()) == 1;
  }

  public boolean delete(String imageId, String memberId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM image_members WHERE image_id = :i"
        + " AND member_id = :m").bind("i", imageId).bind("m", memberId).execute()) == 1;
  }
}
