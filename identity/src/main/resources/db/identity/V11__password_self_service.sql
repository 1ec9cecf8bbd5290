-- Whether the user's current password was set by the user (self-service change) rather than by an
-- administrator: the minimum password age only applies to self-service passwords, so that a user
-- given a one-time password can change it at once.
ALTER TABLE identity_user ADD COLUMN password_self_service BOOLEAN NOT NULL DEFAULT FALSE;
