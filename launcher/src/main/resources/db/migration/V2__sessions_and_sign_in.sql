-- Browser sessions. Only the SHA-256 of the cookie value is stored, so a copy of this table signs nobody in.
-- A root session (host IS NULL) is created at sign-in; a tool-host session is its child, bound to one host,
-- created by redeeming a handoff. Revoking the root revokes its children (revoked_at on every row of the family).
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    token_hash    bytea NOT NULL UNIQUE,
    user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id     uuid REFERENCES sessions(id) ON DELETE CASCADE,
    host          text,
    source_ip     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    CHECK ((parent_id IS NULL) = (host IS NULL))
);
CREATE INDEX sessions_by_parent ON sessions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One-time tokens minted on the root host for one tool host; stored hashed, short-lived, single use.
CREATE TABLE session_handoffs (
    token_hash  bytea PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    host        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX session_handoffs_expiry ON session_handoffs (expires_at);

-- OpenID Connect sign-ins in flight: state (hashed), nonce and PKCE verifier kept server side, single use,
-- bound to the browser that started them (browser_hash: SHA-256 of a short-lived cookie).
CREATE TABLE sign_in_attempts (
    state_hash     bytea PRIMARY KEY,
    browser_hash   bytea NOT NULL,
    nonce          text NOT NULL,
    code_verifier  text NOT NULL,
    next_url       text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts (expires_at);
