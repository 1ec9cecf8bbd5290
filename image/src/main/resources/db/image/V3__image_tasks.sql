-- Import tasks: one row per import request, shown by GET /v2/images/{id}/tasks (API v2.12).
CREATE TABLE image_tasks (
  id         VARCHAR(36)  NOT NULL PRIMARY KEY,
  image_id   VARCHAR(36)  NOT NULL,
  type       VARCHAR(30)  NOT NULL,
  status     VARCHAR(20)  NOT NULL,
  owner      VARCHAR(255),
  user_id    VARCHAR(255),
  request_id VARCHAR(64),
  input      TEXT         NOT NULL,
  message    TEXT         NOT NULL,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL
);
CREATE INDEX image_tasks_image ON image_tasks (image_id);
