-- Identity schema. Domains are projects with is_domain = true, as in Keystone, so a project
-- created with is_domain acts as a domain. Times are epoch milliseconds (UTC) for portability
-- between H2 and PostgreSQL. JSON documents are kept as text.

CREATE TABLE project (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  domain_id VARCHAR(64) NOT NULL,
  parent_id VARCHAR(64),
  is_domain BOOLEAN NOT NULL DEFAULT FALSE,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  description VARCHAR(65535),
  extra VARCHAR(65535) NOT NULL DEFAULT '{}',
  CONSTRAINT project_name_in_domain UNIQUE (domain_id, name)
);

CREATE TABLE project_tag (
  project_id VARCHAR(64) NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (project_id, name)
);

CREATE TABLE identity_user (
  id VARCHAR(64) PRIMARY KEY,
  domain_id VARCHAR(64) NOT NULL,
  name VARCHAR(255) NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  default_project_id VARCHAR(64),
  password_hash VARCHAR(255),
  password_created_at BIGINT,
  password_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  last_active_at BIGINT,
  failed_auth_count INT NOT NULL DEFAULT 0,
  failed_auth_at BIGINT,
  options VARCHAR(65535) NOT NULL DEFAULT '{}',
  extra VARCHAR(65535) NOT NULL DEFAULT '{}',
  CONSTRAINT user_name_in_domain UNIQUE (domain_id, name)
);

CREATE TABLE password_history (
  user_id VARCHAR(64) NOT NULL REFERENCES identity_user(id) ON DELETE CASCADE,
  password_hash VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE identity_group (
  id VARCHAR(64) PRIMARY KEY,
  domain_id VARCHAR(64) NOT NULL,
  name VARCHAR(64) NOT NULL,
  description VARCHAR(65535),
  extra VARCHAR(65535) NOT NULL DEFAULT '{}',
  CONSTRAINT group_name_in_domain UNIQUE (domain_id, name)
);

CREATE TABLE user_group_membership (
  user_id VARCHAR(64) NOT NULL REFERENCES identity_user(id) ON DELETE CASCADE,
  group_id VARCHAR(64) NOT NULL REFERENCES identity_group(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);

-- domain_id is '<<null>>' for global roles so that the unique constraint holds on both databases
CREATE TABLE role (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  domain_id VARCHAR(64) NOT NULL DEFAULT '<<null>>',
  description VARCHAR(65535),
  options VARCHAR(65535) NOT NULL DEFAULT '{}',
  extra VARCHAR(65535) NOT NULL DEFAULT '{}',
  CONSTRAINT role_name_in_domain UNIQUE (name, domain_id)
);

CREATE TABLE implied_role (
  prior_role_id VARCHAR(64) NOT NULL REFERENCES role(id) ON DELETE CASCADE,
  implied_role_id VARCHAR(64) NOT NULL REFERENCES role(id) ON DELETE CASCADE,
  PRIMARY KEY (prior_role_id, implied_role_id)
);

-- type: UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem
CREATE TABLE assignment (
  type VARCHAR(16) NOT NULL,
  actor_id VARCHAR(64) NOT NULL,
  target_id VARCHAR(64) NOT NULL,
  role_id VARCHAR(64) NOT NULL REFERENCES role(id) ON DELETE CASCADE,
  inherited BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (type, actor_id, target_id, role_id, inherited)
);
CREATE INDEX assignment_actor ON assignment (actor_id);
CREATE INDEX assignment_target ON assignment (target_id);

CREATE TABLE region (
  id VARCHAR(255) PRIMARY KEY,
  description VARCHAR(255) NOT NULL DEFAULT '',
  parent_region_id VARCHAR(255),
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE service (
  id VARCHAR(64) PRIMARY KEY,
  type VARCHAR(255) NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE endpoint (
  id VARCHAR(64) PRIMARY KEY,
  service_id VARCHAR(64) NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  region_id VARCHAR(255),
  interface VARCHAR(8) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE endpoint_group (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description VARCHAR(65535),
  filters VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE project_endpoint_group (
  endpoint_group_id VARCHAR(64) NOT NULL REFERENCES endpoint_group(id) ON DELETE CASCADE,
  project_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (endpoint_group_id, project_id)
);

CREATE TABLE project_endpoint (
  endpoint_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (endpoint_id, project_id)
);

CREATE TABLE credential (
  id VARCHAR(64) PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64),
  type VARCHAR(255) NOT NULL,
  blob VARCHAR(65535) NOT NULL,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE policy (
  id VARCHAR(64) PRIMARY KEY,
  type VARCHAR(255) NOT NULL,
  blob VARCHAR(65535) NOT NULL,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE application_credential (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  secret_hash VARCHAR(255) NOT NULL,
  description VARCHAR(65535),
  user_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64),
  expires_at BIGINT,
  system VARCHAR(64),
  unrestricted BOOLEAN NOT NULL DEFAULT FALSE,
  roles VARCHAR(65535) NOT NULL DEFAULT '[]',
  CONSTRAINT app_cred_name_per_user UNIQUE (user_id, name)
);

CREATE TABLE access_rule (
  id VARCHAR(64) PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  service VARCHAR(64) NOT NULL,
  path VARCHAR(128) NOT NULL,
  method VARCHAR(16) NOT NULL
);

CREATE TABLE application_credential_access_rule (
  application_credential_id VARCHAR(64) NOT NULL REFERENCES application_credential(id) ON DELETE CASCADE,
  access_rule_id VARCHAR(64) NOT NULL REFERENCES access_rule(id) ON DELETE CASCADE,
  PRIMARY KEY (application_credential_id, access_rule_id)
);

CREATE TABLE trust (
  id VARCHAR(64) PRIMARY KEY,
  trustor_user_id VARCHAR(64) NOT NULL,
  trustee_user_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64),
  impersonation BOOLEAN NOT NULL,
  expires_at BIGINT,
  remaining_uses INT,
  redelegated_trust_id VARCHAR(64),
  redelegation_count INT,
  deleted_at BIGINT,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE trust_role (
  trust_id VARCHAR(64) NOT NULL REFERENCES trust(id) ON DELETE CASCADE,
  role_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (trust_id, role_id)
);

-- A token is revoked when it matches every non-null column of an event and was issued
-- before issued_before. Events older than the longest token lifetime are pruned.
CREATE TABLE revocation_event (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  domain_id VARCHAR(64),
  project_id VARCHAR(64),
  user_id VARCHAR(64),
  role_id VARCHAR(64),
  trust_id VARCHAR(64),
  consumer_id VARCHAR(64),
  access_token_id VARCHAR(64),
  audit_id VARCHAR(32),
  audit_chain_id VARCHAR(32),
  issued_before BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT NOT NULL
);
CREATE INDEX revocation_event_revoked_at ON revocation_event (revoked_at);

CREATE TABLE domain_config (
  domain_id VARCHAR(64) NOT NULL,
  config_group VARCHAR(255) NOT NULL,
  config_option VARCHAR(255) NOT NULL,
  config_value VARCHAR(65535) NOT NULL,
  sensitive BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (domain_id, config_group, config_option)
);

CREATE TABLE oauth_consumer (
  id VARCHAR(64) PRIMARY KEY,
  description VARCHAR(65535),
  secret VARCHAR(255) NOT NULL,
  extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);
