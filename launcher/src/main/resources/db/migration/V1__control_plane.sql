-- Users are created on first sign-in; their id is short, random and safe inside a host name label.
CREATE TABLE users (
    id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{6,32}$'),
    subject       text UNIQUE,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    is_admin      boolean NOT NULL DEFAULT false,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz
);

CREATE TABLE teams (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    team_id  bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id  text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);

-- A tool template: what to start, per backend, and the limits the culler enforces.
CREATE TABLE tools (
    slug                 text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9]{0,30}$'),
    name                 text NOT NULL,
    description          text NOT NULL DEFAULT '',
    kind                 text NOT NULL DEFAULT 'tool' CHECK (kind IN ('tool', 'visualisation')),
    backend              text NOT NULL,
    spec                 jsonb NOT NULL,
    port                 integer NOT NULL CHECK (port BETWEEN 0 AND 65535),
    health_path          text NOT NULL DEFAULT '/',
    cpu_millicores       integer NOT NULL DEFAULT 1000 CHECK (cpu_millicores > 0),
    memory_mb            integer NOT NULL DEFAULT 2048 CHECK (memory_mb > 0),
    idle_timeout_s       integer NOT NULL DEFAULT 3600 CHECK (idle_timeout_s > 0),
    max_lifetime_s       integer NOT NULL DEFAULT 86400 CHECK (max_lifetime_s > 0),
    startup_timeout_s    integer NOT NULL DEFAULT 120 CHECK (startup_timeout_s > 0),
    enabled              boolean NOT NULL DEFAULT true,
    unavailable_reason   text,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- The spawn queue and the record of every tool run. A QUEUED row is a request to start.
CREATE TABLE instances (
    id                uuid PRIMARY KEY,
    host              text NOT NULL,
    user_id           text NOT NULL REFERENCES users(id),
    tool_slug         text NOT NULL REFERENCES tools(slug),
    state             text NOT NULL CHECK (state IN ('QUEUED', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED')),
    backend           text NOT NULL,
    task_id           text,
    endpoint_host     text,
    endpoint_port     integer,
    failure_reason    text,
    stop_reason       text,
    lease_owner       text,
    lease_expires_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    running_at        timestamptz,
    ended_at          timestamptz,
    last_activity_at  timestamptz,
    lifetime_warned   boolean NOT NULL DEFAULT false
);

-- At most one live instance per host: a thousand concurrent first visits start one container.
CREATE UNIQUE INDEX instances_one_live_per_host ON instances (host)
    WHERE state IN ('QUEUED', 'STARTING', 'RUNNING', 'STOPPING');
CREATE INDEX instances_queue ON instances (created_at) WHERE state = 'QUEUED';
CREATE INDEX instances_live_by_state ON instances (state) WHERE state IN ('QUEUED', 'STARTING', 'RUNNING', 'STOPPING');
CREATE INDEX instances_by_user ON instances (user_id, created_at DESC);

CREATE TABLE instance_progress (
    id           bigserial PRIMARY KEY,
    instance_id  uuid NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    at           timestamptz NOT NULL DEFAULT now(),
    message      text NOT NULL
);
CREATE INDEX instance_progress_by_instance ON instance_progress (instance_id, id);

CREATE TABLE audit_events (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_user_id   text,
    action          text NOT NULL,
    target          text NOT NULL DEFAULT '',
    source_ip       text,
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at ON audit_events (at DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, at DESC);
CREATE INDEX audit_events_action ON audit_events (action, at DESC);
