-- Volume transfers between projects: the auth key is kept only as a salted SHA-256 hash.
CREATE TABLE volume_transfers (
  id           VARCHAR(36)  NOT NULL PRIMARY KEY,
  volume_id    VARCHAR(36)  NOT NULL,
  project_id   VARCHAR(255) NOT NULL,
  name         VARCHAR(255),
  salt         VARCHAR(64)  NOT NULL,
  crypt_hash   VARCHAR(128) NOT NULL,
  no_snapshots BOOLEAN      NOT NULL,
  created_at   BIGINT       NOT NULL
);
CREATE INDEX volume_transfers_project ON volume_transfers (project_id);

-- QoS specs: a consumer (front-end, back-end or both) and its keys (JSON); types associate to one.
CREATE TABLE volume_qos_specs (
  id         VARCHAR(36)  NOT NULL PRIMARY KEY,
  name       VARCHAR(255) NOT NULL UNIQUE,
  consumer   VARCHAR(16)  NOT NULL,
  specs      TEXT         NOT NULL,
  created_at BIGINT       NOT NULL
);

CREATE TABLE volume_qos_associations (
  qos_id  VARCHAR(36) NOT NULL REFERENCES volume_qos_specs (id),
  type_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES volume_types (id)
);
