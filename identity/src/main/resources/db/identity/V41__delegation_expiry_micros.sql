-- Application credentials and trusts keep their expiry to the microsecond, as Keystone does:
-- clients send a time with microseconds and compare what they get back with what they sent.
-- expires_at (epoch milliseconds, as everywhere in this schema) stays the value that queries
-- compare; expires_at_us holds the same instant in epoch microseconds for display.
ALTER TABLE application_credential ADD COLUMN expires_at_us BIGINT;
ALTER TABLE trust ADD COLUMN expires_at_us BIGINT;
CREATE INDEX application_credential_user ON application_credential (user_id);
CREATE INDEX access_rule_user ON access_rule (user_id);
CREATE INDEX trust_trustor ON trust (trustor_user_id);
CREATE INDEX trust_trustee ON trust (trustee_user_id);
