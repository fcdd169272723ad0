-- Scoped credentials. Tokens of the container-credentials endpoint (only their SHA-256 hash), one per instance;
-- a token works while its instance is live and it is not revoked.
CREATE TABLE instance_credentials (
    instance_id  uuid PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

-- Temporary login roles created in the datasets database, one per instance. The row is written before the role is
-- created, so a crash in between leaves a row the sweeper uses to drop the role (DROP ROLE IF EXISTS).
CREATE TABLE instance_db_roles (
    role_name    text PRIMARY KEY,
    instance_id  uuid NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    valid_until  timestamptz NOT NULL
);
CREATE INDEX instance_db_roles_by_instance ON instance_db_roles (instance_id);
