-- Who may use what. Grants go to a user or a team (a team's grants apply to its members); dataset grants may also
-- go to a visualisation (a tool of kind 'visualisation'), whose shared app then runs with those datasets.
-- An expired grant (expires_at in the past) grants nothing; rows are kept for the record until revoked.

-- 'everyone': any enabled user may start the tool; 'granted': only users with a tool grant (directly or by team).
ALTER TABLE tools ADD COLUMN access text NOT NULL DEFAULT 'everyone' CHECK (access IN ('everyone', 'granted'));

CREATE TABLE datasets (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '',
    owner_user_id  text REFERENCES users(id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The PostgreSQL objects a dataset covers, in the datasets database: a whole schema (table_name IS NULL) or a table.
CREATE TABLE dataset_tables (
    dataset_id   bigint NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    schema_name  text NOT NULL CHECK (length(schema_name) BETWEEN 1 AND 63),
    table_name   text CHECK (table_name IS NULL OR length(table_name) BETWEEN 1 AND 63)
);
CREATE UNIQUE INDEX dataset_tables_unique ON dataset_tables (dataset_id, schema_name, coalesce(table_name, ''));

-- The S3 prefixes a dataset covers, relative to the bucket, ending in '/'; granted read-only.
CREATE TABLE dataset_s3_prefixes (
    dataset_id  bigint NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    prefix      text NOT NULL CHECK (prefix ~ '^[^/*?][^*?]*/$' AND prefix !~ '^user/'),
    PRIMARY KEY (dataset_id, prefix)
);

CREATE TABLE dataset_grants (
    id                  bigserial PRIMARY KEY,
    dataset_id          bigint NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    user_id             text REFERENCES users(id) ON DELETE CASCADE,
    team_id             bigint REFERENCES teams(id) ON DELETE CASCADE,
    visualisation_slug  text REFERENCES tools(slug) ON DELETE CASCADE,
    expires_at          timestamptz,
    granted_by          text REFERENCES users(id) ON DELETE SET NULL,
    granted_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(user_id, team_id, visualisation_slug) = 1)
);
CREATE UNIQUE INDEX dataset_grants_user ON dataset_grants (dataset_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX dataset_grants_team ON dataset_grants (dataset_id, team_id) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX dataset_grants_visualisation ON dataset_grants (dataset_id, visualisation_slug)
    WHERE visualisation_slug IS NOT NULL;
CREATE INDEX dataset_grants_by_user ON dataset_grants (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX dataset_grants_by_team ON dataset_grants (team_id) WHERE team_id IS NOT NULL;

-- Tool grants: who may start a tool whose access is 'granted', and who may view a visualisation.
CREATE TABLE tool_grants (
    id          bigserial PRIMARY KEY,
    tool_slug   text NOT NULL REFERENCES tools(slug) ON DELETE CASCADE,
    user_id     text REFERENCES users(id) ON DELETE CASCADE,
    team_id     bigint REFERENCES teams(id) ON DELETE CASCADE,
    expires_at  timestamptz,
    granted_by  text REFERENCES users(id) ON DELETE SET NULL,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(user_id, team_id) = 1)
);
CREATE UNIQUE INDEX tool_grants_user ON tool_grants (tool_slug, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX tool_grants_team ON tool_grants (tool_slug, team_id) WHERE team_id IS NOT NULL;
CREATE INDEX tool_grants_by_user ON tool_grants (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX tool_grants_by_team ON tool_grants (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX team_members_by_user ON team_members (user_id);

-- A user asks for a dataset or a tool; an admin (or the dataset's owner) decides.
CREATE TABLE access_requests (
    id             bigserial PRIMARY KEY,
    user_id        text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    dataset_id     bigint REFERENCES datasets(id) ON DELETE CASCADE,
    tool_slug      text REFERENCES tools(slug) ON DELETE CASCADE,
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    state          text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED')),
    decided_by     text REFERENCES users(id) ON DELETE SET NULL,
    decided_at     timestamptz,
    decision_note  text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(dataset_id, tool_slug) = 1),
    CHECK ((state = 'PENDING') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX access_requests_one_pending_dataset ON access_requests (user_id, dataset_id)
    WHERE state = 'PENDING' AND dataset_id IS NOT NULL;
CREATE UNIQUE INDEX access_requests_one_pending_tool ON access_requests (user_id, tool_slug)
    WHERE state = 'PENDING' AND tool_slug IS NOT NULL;
CREATE INDEX access_requests_pending ON access_requests (created_at) WHERE state = 'PENDING';
CREATE INDEX access_requests_by_user ON access_requests (user_id, created_at DESC);
