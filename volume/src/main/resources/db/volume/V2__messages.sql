-- User messages: failures an operator or user should read (Cinder's /messages, 3.3+).
CREATE TABLE volume_messages (
  id            VARCHAR(36)  NOT NULL PRIMARY KEY,
  project_id    VARCHAR(255) NOT NULL,
  request_id    VARCHAR(255) NOT NULL,
  resource_type VARCHAR(64)  NOT NULL,
  resource_uuid VARCHAR(36),
  event_id      VARCHAR(64)  NOT NULL,
  message_level VARCHAR(16)  NOT NULL,
  user_message  VARCHAR(1024) NOT NULL,
  created_at    BIGINT       NOT NULL,
  expires_at    BIGINT       NOT NULL
);
CREATE INDEX volume_messages_project ON volume_messages (project_id);
