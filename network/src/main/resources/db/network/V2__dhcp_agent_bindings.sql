-- Which DHCP agents serve which networks (the dhcp_agent_scheduler extension).
CREATE TABLE neutron_dhcp_binding (
  network_id VARCHAR(64) NOT NULL,
  agent_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (network_id, agent_id)
);
