-- Neutron resources are kept as JSON documents (every API attribute) with the columns that
-- lookups and integrity need beside them. Addresses, MACs and segmentation ids are unique in the
-- database itself, so concurrent requests can never be handed the same one.
CREATE TABLE neutron_resource (
  id VARCHAR(64) PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  project_id VARCHAR(64),
  network_id VARCHAR(64),
  body TEXT NOT NULL
);
CREATE INDEX neutron_resource_kind ON neutron_resource (kind);
CREATE INDEX neutron_resource_network ON neutron_resource (network_id);

CREATE TABLE neutron_ip_allocation (
  subnet_id VARCHAR(64) NOT NULL,
  ip_address VARCHAR(64) NOT NULL,
  network_id VARCHAR(64) NOT NULL,
  port_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (subnet_id, ip_address)
);
CREATE INDEX neutron_ip_allocation_port ON neutron_ip_allocation (port_id);

CREATE TABLE neutron_mac_address (
  network_id VARCHAR(64) NOT NULL,
  mac_address VARCHAR(32) NOT NULL,
  port_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (network_id, mac_address)
);

CREATE TABLE neutron_segment (
  network_type VARCHAR(32) NOT NULL,
  physical_network VARCHAR(64) NOT NULL,
  segmentation_id INTEGER NOT NULL,
  network_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (network_type, physical_network, segmentation_id)
);

CREATE TABLE neutron_default_security_group (
  project_id VARCHAR(64) PRIMARY KEY,
  security_group_id VARCHAR(64) NOT NULL
);

CREATE TABLE neutron_quota (
  project_id VARCHAR(64) NOT NULL,
  resource VARCHAR(64) NOT NULL,
  hard_limit INTEGER NOT NULL,
  PRIMARY KEY (project_id, resource)
);
