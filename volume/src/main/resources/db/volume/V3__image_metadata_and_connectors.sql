-- The image a volume was made from (image_id, image_name, disk_format, the image's properties...),
-- shown as volume_image_metadata; a JSON map per volume.
CREATE TABLE volume_image_metadata (
  volume_id VARCHAR(36) NOT NULL PRIMARY KEY,
  metadata  TEXT        NOT NULL
);

-- The attachments API (3.27+): the connector a hypervisor gave (JSON), until it is given null.
ALTER TABLE volume_attachments ADD COLUMN connector TEXT;
