-- The attributes that lookups and list filters use (a port's device, MAC, addresses, groups and
-- host; a rule's groups; a floating IP's port and router; ...), one row per value, so that finding
-- the ports of a device or the rules of a group reads index entries instead of every document of
-- the kind. Kept by ResourceStore in the transaction that writes the document; documents written
-- before this table existed are indexed at start (a marker row, attr '_', says a document is).
CREATE TABLE neutron_resource_key (
  kind VARCHAR(40) NOT NULL,
  attr VARCHAR(40) NOT NULL,
  val VARCHAR(255) NOT NULL,
  id VARCHAR(64) NOT NULL,
  PRIMARY KEY (kind, attr, val, id)
);
CREATE INDEX neutron_resource_key_id ON neutron_resource_key (id);
