-- Cinder v3: volumes, their attachments, snapshots, volume types, quotas and service heartbeats.
-- Metadata maps are JSON text; times are epoch milliseconds.
CREATE TABLE volume_types (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  name        VARCHAR(255) NOT NULL UNIQUE,
  description VARCHAR(255),
  is_public   BOOLEAN      NOT NULL,
  extra_specs TEXT         NOT NULL
);

CREATE TABLE volume_type_projects (
  type_id    VARCHAR(36)  NOT NULL REFERENCES volume_types (id),
  project_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (type_id, project_id)
);

CREATE TABLE volumes (
  id             VARCHAR(36)  NOT NULL PRIMARY KEY,
  project_id     VARCHAR(255) NOT NULL,
  user_id        VARCHAR(255) NOT NULL,
  name           VARCHAR(255),
  description    VARCHAR(255),
  size           BIGINT       NOT NULL,
  status         VARCHAR(30)  NOT NULL,
  zone           VARCHAR(255) NOT NULL,
  type_id        VARCHAR(36)  NOT NULL,
  snapshot_id    VARCHAR(36),
  source_volid   VARCHAR(36),
  bootable       BOOLEAN      NOT NULL,
  metadata       TEXT         NOT NULL,
  admin_metadata TEXT         NOT NULL,
  host           VARCHAR(255),
  created_at     BIGINT       NOT NULL,
  updated_at     BIGINT       NOT NULL
);
CREATE INDEX volumes_project ON volumes (project_id);

CREATE TABLE volume_attachments (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  volume_id   VARCHAR(36)  NOT NULL REFERENCES volumes (id),
  server_id   VARCHAR(36),
  host_name   VARCHAR(255),
  device      VARCHAR(255),
  mode        VARCHAR(4)   NOT NULL,
  status      VARCHAR(30)  NOT NULL,
  attached_at BIGINT       NOT NULL
);
CREATE INDEX volume_attachments_volume ON volume_attachments (volume_id);

CREATE TABLE snapshots (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  volume_id   VARCHAR(36)  NOT NULL,
  project_id  VARCHAR(255) NOT NULL,
  user_id     VARCHAR(255) NOT NULL,
  name        VARCHAR(255),
  description VARCHAR(255),
  size        BIGINT       NOT NULL,
  status      VARCHAR(30)  NOT NULL,
  progress    INTEGER      NOT NULL,
  metadata    TEXT         NOT NULL,
  created_at  BIGINT       NOT NULL,
  updated_at  BIGINT       NOT NULL
);
CREATE INDEX snapshots_volume ON snapshots (volume_id);
CREATE INDEX snapshots_project ON snapshots (project_id);

CREATE TABLE volume_quotas (
  project_id VARCHAR(255) NOT NULL,
  resource   VARCHAR(64)  NOT NULL,
  hard_limit BIGINT       NOT NULL,
  PRIMARY KEY (project_id, resource)
);

CREATE TABLE volume_services (
  binary_name VARCHAR(64)  NOT NULL,
  host        VARCHAR(255) NOT NULL,
  zone        VARCHAR(255) NOT NULL,
  disabled    BOOLEAN      NOT NULL,
  disabled_reason VARCHAR(255),
  heartbeat_at BIGINT      NOT NULL,
  PRIMARY KEY (binary_name, host)
);
