-- Every create counts the project's resources of its kind against the quota; with this index the
-- count reads index entries only, instead of every row of the kind (with 10,000 ports it was half
-- of a port create). Numbered 3.1 to stay clear of the subnet pool schema (V3).
CREATE INDEX neutron_resource_kind_project ON neutron_resource (kind, project_id);
