-- Compute (Nova v2.1): the tables every part of the service shares. Times are epoch milliseconds.
-- Later migrations (V2 onward) add servers, key pairs, server groups, aggregates and quotas.

-- Flavors: the sizes servers are created with. flavorid is the API id (a string, e.g. "1").
-- A deleted flavor is gone; servers keep a copy of the flavor they were created with.
CREATE TABLE flavors (
  flavorid      VARCHAR(255) NOT NULL PRIMARY KEY,
  name          VARCHAR(255) NOT NULL,
  vcpus         INTEGER      NOT NULL,
  memory_mb     INTEGER      NOT NULL,
  root_gb       INTEGER      NOT NULL,
  ephemeral_gb  INTEGER      NOT NULL DEFAULT 0,
  swap_mb       INTEGER      NOT NULL DEFAULT 0,
  rxtx_factor   DOUBLE PRECISION NOT NULL DEFAULT 1.0,
  is_public     BOOLEAN      NOT NULL DEFAULT TRUE,
  disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
  description   TEXT,
  created_at    BIGINT       NOT NULL,
  UNIQUE (name)
);

CREATE TABLE flavor_extra_specs (
  flavorid  VARCHAR(255) NOT NULL REFERENCES flavors (flavorid) ON DELETE CASCADE,
  spec_key  VARCHAR(255) NOT NULL,
  spec_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (flavorid, spec_key)
);

-- Which projects may use a private flavor.
CREATE TABLE flavor_projects (
  flavorid    VARCHAR(255) NOT NULL REFERENCES flavors (flavorid) ON DELETE CASCADE,
  project_id  VARCHAR(255) NOT NULL,
  PRIMARY KEY (flavorid, project_id)
);

-- Nova's default flavors.
INSERT INTO flavors (flavorid, name, vcpus, memory_mb, root_gb, created_at) VALUES
  ('1', 'm1.tiny', 1, 512, 1, 0),
  ('2', 'm1.small', 1, 2048, 20, 0),
  ('3', 'm1.medium', 2, 4096, 40, 0),
  ('4', 'm1.large', 4, 8192, 80, 0),
  ('5', 'm1.xlarge', 8, 16384, 160, 0);

-- Services (nova-compute, nova-scheduler, nova-conductor): up from heartbeats, operator switches.
CREATE TABLE compute_services (
  id               VARCHAR(36)  NOT NULL PRIMARY KEY,
  binary_name      VARCHAR(64)  NOT NULL,
  host             VARCHAR(255) NOT NULL,
  topic            VARCHAR(64),
  zone             VARCHAR(255) NOT NULL,
  disabled         BOOLEAN      NOT NULL DEFAULT FALSE,
  disabled_reason  VARCHAR(255),
  forced_down      BOOLEAN      NOT NULL DEFAULT FALSE,
  last_seen_up     BIGINT,
  report_count     BIGINT       NOT NULL DEFAULT 0,
  created_at       BIGINT       NOT NULL,
  updated_at       BIGINT       NOT NULL,
  UNIQUE (binary_name, host)
);

-- One per compute host: capacity from its driver, usage from claims. Claims change the *_used
-- columns with a guarded UPDATE (used + asked <= total * ratio), so two boots cannot overbook.
CREATE TABLE compute_nodes (
  id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
  host                  VARCHAR(255) NOT NULL UNIQUE,
  hypervisor_hostname   VARCHAR(255) NOT NULL,
  hypervisor_type       VARCHAR(64)  NOT NULL,
  hypervisor_version    BIGINT       NOT NULL,
  host_ip               VARCHAR(64)  NOT NULL,
  cpu_arch              VARCHAR(32)  NOT NULL,
  vcpus                 INTEGER      NOT NULL,
  memory_mb             INTEGER      NOT NULL,
  local_gb              INTEGER      NOT NULL,
  vcpus_used            INTEGER      NOT NULL DEFAULT 0,
  memory_mb_used        INTEGER      NOT NULL DEFAULT 0,
  local_gb_used         INTEGER      NOT NULL DEFAULT 0,
  running_vms           INTEGER      NOT NULL DEFAULT 0,
  cpu_allocation_ratio  DOUBLE PRECISION NOT NULL,
  ram_allocation_ratio  DOUBLE PRECISION NOT NULL,
  disk_allocation_ratio DOUBLE PRECISION NOT NULL,
  created_at            BIGINT       NOT NULL,
  updated_at            BIGINT       NOT NULL
);
