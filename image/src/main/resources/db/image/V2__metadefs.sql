-- Glance metadata definitions: namespaces and, inside each, objects, properties, tags and
-- resource type associations (kept as JSON documents), plus the catalog of resource types.
CREATE TABLE metadef_namespaces (
  namespace    VARCHAR(80)  NOT NULL PRIMARY KEY,
  display_name VARCHAR(80),
  description  TEXT,
  visibility   VARCHAR(32)  NOT NULL,
  protected    BOOLEAN      NOT NULL DEFAULT FALSE,
  owner        VARCHAR(255),
  created_at   BIGINT       NOT NULL,
  updated_at   BIGINT       NOT NULL
);

CREATE TABLE metadef_items (
  namespace  VARCHAR(80)  NOT NULL REFERENCES metadef_namespaces (namespace) ON DELETE CASCADE,
  kind       VARCHAR(20)  NOT NULL,
  name       VARCHAR(255) NOT NULL,
  body       TEXT         NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (namespace, kind, name)
);

CREATE TABLE metadef_resource_types (
  name       VARCHAR(80) NOT NULL PRIMARY KEY,
  protected  BOOLEAN     NOT NULL DEFAULT TRUE,
  created_at BIGINT      NOT NULL,
  updated_at BIGINT      NOT NULL
);
-- the standard resource types are added at start-up by the image service (with their time)
