-- Indexes for the access API's lists: user search at 10,000 users, audit filters at 100,000+ events, and the
-- pages of grants and requests. Lists are keyset-paginated, so each index matches a list's ORDER BY.

-- User search matches a case-insensitive substring of "email name". With pg_trgm a GIN trigram index serves it;
-- where the extension cannot be created (no privilege), the search scans the users table, which stays in the low
-- milliseconds at 10,000 users, and the list stays correct either way.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm cannot be created by this user; user search uses sequential scans';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX users_search_trgm ON users USING gin ((lower(email) || '' '' || lower(name)) gin_trgm_ops)';
    END IF;
END
$$;

-- The audit log is listed newest first by (at, id), optionally filtered by actor or action and a time window.
DROP INDEX IF EXISTS audit_events_at;
DROP INDEX IF EXISTS audit_events_actor;
DROP INDEX IF EXISTS audit_events_action;
CREATE INDEX audit_events_at_id ON audit_events (at DESC, id DESC);
CREATE INDEX audit_events_actor_at_id ON audit_events (actor_user_id, at DESC, id DESC);
CREATE INDEX audit_events_action_at_id ON audit_events (action, at DESC, id DESC);

CREATE INDEX access_requests_by_dataset ON access_requests (dataset_id) WHERE dataset_id IS NOT NULL;
CREATE INDEX dataset_grants_by_dataset ON dataset_grants (dataset_id, id);
CREATE INDEX tool_grants_by_tool ON tool_grants (tool_slug, id);
CREATE INDEX datasets_by_owner ON datasets (owner_user_id) WHERE owner_user_id IS NOT NULL;
