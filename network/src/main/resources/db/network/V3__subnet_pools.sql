-- The blocks subnets hold in their subnet pool. Allocation reads and writes these rows while it
-- holds the pool's row lock (SELECT ... FOR UPDATE), so two subnets can never get overlapping
-- blocks of one pool, whichever controller serves them.
CREATE TABLE neutron_subnetpool_allocation (
  subnet_id VARCHAR(64) PRIMARY KEY,
  subnetpool_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64),
  cidr VARCHAR(64) NOT NULL
);
CREATE INDEX neutron_subnetpool_allocation_pool ON neutron_subnetpool_allocation (subnetpool_id);
