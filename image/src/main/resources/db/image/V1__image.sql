-- Glance v2 images: core attributes as columns, extra properties and tags as JSON text.
CREATE TABLE images (
  id               VARCHAR(36)  NOT NULL PRIMARY KEY,
  name             VARCHAR(255),
  status           VARCHAR(30)  NOT NULL,
  visibility       VARCHAR(20)  NOT NULL,
  owner            VARCHAR(255),
  disk_format      VARCHAR(20),
  container_format VARCHAR(20),
  size             BIGINT,
  virtual_size     BIGINT,
  checksum         VARCHAR(32),
  os_hash_algo     VARCHAR(64),
  os_hash_value    VARCHAR(128),
  min_disk         INTEGER      NOT NULL DEFAULT 0,
  min_ram          INTEGER      NOT NULL DEFAULT 0,
  protected        BOOLEAN      NOT NULL DEFAULT FALSE,
  os_hidden        BOOLEAN      NOT NULL DEFAULT FALSE,
  properties       TEXT         NOT NULL,
  tags             TEXT         NOT NULL,
  created_at       BIGINT       NOT NULL,
  updated_at       BIGINT       NOT NULL,
  deleted_at       BIGINT
);
CREATE INDEX images_owner ON images (owner);
CREATE INDEX images_status ON images (status);

CREATE TABLE image_members (
  image_id   VARCHAR(36)  NOT NULL REFERENCES images (id),
  member_id  VARCHAR(255) NOT NULL,
  status     VARCHAR(20)  NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (image_id, member_id)
);
CREATE INDEX image_members_member ON image_members (member_id);
