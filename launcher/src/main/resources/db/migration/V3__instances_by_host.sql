-- The spawn page shows the latest instance of a host, live or ended.
CREATE INDEX instances_by_host ON instances (host, created_at DESC);
