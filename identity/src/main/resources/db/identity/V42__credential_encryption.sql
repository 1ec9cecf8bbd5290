-- Credential blobs are stored encrypted (a Fernet token made with the credential key repository's
-- primary key); key_hash names the key that made each row, so a key rotation knows which rows to
-- re-encrypt. Rows from before this version hold their blob in plain text with key_hash NULL until
-- the identity service encrypts them at its next start. An encrypted blob is about 4/3 of the
-- plain one plus ~80 characters, hence the wider column.
ALTER TABLE credential ADD COLUMN key_hash VARCHAR(64);
ALTER TABLE credential ALTER COLUMN blob SET DATA TYPE VARCHAR(131072);
