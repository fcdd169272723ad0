-- Sizes an administrator offers per tool (issue 5), and the size chosen for an instance.
-- tools.sizes: a JSON list of {"name", "cpuMillicores", "memoryMb"}; empty = only the template's default size.
ALTER TABLE tools ADD COLUMN sizes jsonb NOT NULL DEFAULT '[]'::jsonb;
-- NULL = the template's default cpu/memory.
ALTER TABLE instances ADD COLUMN cpu_millicores integer CHECK (cpu_millicores > 0);
ALTER TABLE instances ADD COLUMN memory_mb integer CHECK (memory_mb > 0);
