package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.access.Cursors;
import io.dataworkspace.launcher.db.Jdbc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Listing 10,000 users and 100,000 audit events through the HTTP API (keyset pages, search, filters), against
 * OFFSET pagination of the same rows served by the same server in the same run. Run by bench/admin/run.sh.
 */
public final class AdminListingBenchmark {
    private static final int USERS = 10_000;
    private static final int EVENTS = 100_000;
    private static final int LIMIT = 50;

    private AdminListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("admin-bench");
        try (AccessApiFixture fixture = AccessApiFixture.start(dir, AdminListingBenchmark::offsetRoutes)) {
            Jdbc jdbc = fixture.jdbc();
            long seedStart = System.nanoTime();
            seed(jdbc);
            System.out.printf(Locale.ROOT, "seeded %,d users and %,d audit events in %.1f s%n", USERS, EVENTS,
                    (System.nanoTime() - seedStart) / 1e9);
            String admin = jdbc.queryOne("SELECT id FROM users WHERE is_admin ORDER BY id LIMIT 1",
                    rs -> rs.getString(1)).orElseThrow();
            AccessApiFixture.Client client = fixture.as(admin);

            String middleUser = Cursors.encode(userIdAt(jdbc, USERS / 2));
            String lastUser = Cursors.encode(userIdAt(jdbc, USERS - LIMIT));
            String middleEvent = eventCursorAt(jdbc, EVENTS / 2);
            String lastEvent = eventCursorAt(jdbc, EVENTS - LIMIT);
            String actor = jdbc.queryOne("SELECT actor_user_id FROM audit_events WHERE actor_user_id IS NOT NULL "
                    + "LIMIT 1", rs -> rs.getString(1)).orElseThrow();

            List<String[]> rows = new ArrayList<>();
            rows.add(compare(client, requests, "users, first page", "/api/v1/users?limit=50",
                    "/api/v1/bench/users-offset?limit=50&offset=0"));
            rows.add(compare(client, requests, "users, middle page (5,000)", "/api/v1/users?limit=50&after="
                    + middleUser, "/api/v1/bench/users-offset?limit=50&offset=5000"));
            rows.add(compare(client, requests, "users, last page (9,950)", "/api/v1/users?limit=50&after=" + lastUser,
                    "/api/v1/bench/users-offset?limit=50&offset=9950"));
            rows.add(single(client, requests, "users, search q=smith (substring, ~1/10 match)",
                    "/api/v1/users?limit=50&q=smith"));
            rows.add(single(client, requests, "users, search q=user0042 (100 match, from row 4,200)",
                    "/api/v1/users?limit=50&q=user0042"));
            rows.add(compare(client, requests, "audit, first page", "/api/v1/audit?limit=50",
                    "/api/v1/bench/audit-offset?limit=50&offset=0"));
            rows.add(compare(client, requests, "audit, middle page (50,000)", "/api/v1/audit?limit=50&after="
                    + middleEvent, "/api/v1/bench/audit-offset?limit=50&offset=50000"));
            rows.add(compare(client, requests, "audit, last page (99,950)", "/api/v1/audit?limit=50&after="
                    + lastEvent, "/api/v1/bench/audit-offset?limit=50&offset=99950"));
            rows.add(single(client, requests, "audit, filter actor", "/api/v1/audit?limit=50&actor=" + actor));
            rows.add(single(client, requests, "audit, filter action + 1 h window", "/api/v1/audit?limit=50"
                    + "&action=grant.create&from=" + Instant.now().minusSeconds(30 * 3600) + "&to="
                    + Instant.now().minusSeconds(29 * 3600)));

            System.out.println();
            System.out.println("| list | keyset p50 ms | keyset p99 ms | OFFSET p50 ms | OFFSET p99 ms | OFFSET/keyset"
                    + " p50 |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (String[] row : rows) {
                System.out.println("| " + String.join(" | ", row) + " |");
            }
            System.out.printf(Locale.ROOT, "%n%d timed requests per cell after 20 warm-up requests, sequential "
                    + "(keyset and OFFSET alternating), limit=50, through HTTP on 127.0.0.1%n", requests);
        }
    }

    private static void seed(Jdbc jdbc) {
        jdbc.update("""
                INSERT INTO users (id, email, name, is_admin)
                SELECT 'user' || lpad(i::text, 6, '0'),
                       'user' || lpad(i::text, 6, '0') || '@example.test',
                       (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Ken','Dennis','Margaret','Tim','Radia'])[1 + i % 10]
                         || ' ' ||
                       (ARRAY['Smith','Jones','Taylor','Brown','Williams','Wilson','Johnson','Davies','Patel','Wright'])
                           [1 + (i / 10) % 10],
                       i = 1
                  FROM generate_series(1, ?) AS i
                """, USERS);
        jdbc.update("""
                INSERT INTO audit_events (at, actor_user_id, action, target, source_ip, details)
                SELECT now() - (i * interval '1 second'),
                       'user' || lpad((1 + i % ?)::text, 6, '0'),
                       (ARRAY['sign-in','instance.start','instance.stop','grant.create','grant.revoke',
                              'request.create','request.approve','access.denied','user.update','team.member.add'])
                           [1 + i % 10],
                       'target:' || i, '10.0.' || (i % 250) || '.' || (i % 200),
                       jsonb_build_object('n', i)
                  FROM generate_series(1, ?) AS i
                """, USERS, EVENTS);
        jdbc.update("ANALYZE users");
        jdbc.update("ANALYZE audit_events");
    }

    private static String userIdAt(Jdbc jdbc, int offset) {
        return jdbc.queryOne("SELECT id FROM users ORDER BY id OFFSET ? LIMIT 1", rs -> rs.getString(1), offset - 1)
                .orElseThrow();
    }

    private static String eventCursorAt(Jdbc jdbc, int offset) {
        return jdbc.queryOne("SELECT at, id FROM audit_events ORDER BY at DESC, id DESC OFFSET ? LIMIT 1",
                rs -> Cursors.ofTimeAndId(Jdbc.instant(rs, "at"), rs.getLong("id")), offset - 1).orElseThrow();
    }

    /** The baseline: the same lists with LIMIT/OFFSET, same JSON shape, same server. */
    private static void offsetRoutes(Router router, Jdbc jdbc) {
        router.get("/api/v1/bench/users-offset").blockingHandler(ctx -> {
            int offset = Integer.parseInt(ctx.queryParams().get("offset"));
            JsonArray users = new JsonArray(jdbc.query("SELECT id, email, name, is_admin, disabled, created_at "
                    + "FROM users ORDER BY id LIMIT ? OFFSET ?", rs -> new JsonObject().put("id", rs.getString(1))
                    .put("email", rs.getString(2)).put("name", rs.getString(3)).put("admin", rs.getBoolean(4))
                    .put("disabled", rs.getBoolean(5)).put("createdAt", Jdbc.instant(rs, "created_at").toString()),
                    LIMIT, offset));
            ctx.json(new JsonObject().put("users", users).put("next", offset + LIMIT));
        }, false);
        router.get("/api/v1/bench/audit-offset").blockingHandler(ctx -> {
            int offset = Integer.parseInt(ctx.queryParams().get("offset"));
            JsonArray events = new JsonArray(jdbc.query("SELECT id, at, actor_user_id, action, target, source_ip, "
                    + "details::text FROM audit_events ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                    rs -> new JsonObject().put("id", rs.getLong(1)).put("at", Jdbc.instant(rs, "at").toString())
                            .put("actor", rs.getString(3)).put("action", rs.getString(4)).put("target", rs.getString(5))
                            .put("sourceIp", rs.getString(6)).put("details", new JsonObject(rs.getString(7))),
                    LIMIT, offset));
            ctx.json(new JsonObject().put("events", events).put("next", offset + LIMIT));
        }, false);
    }

    /** Times the keyset and the OFFSET request alternately, so a change in machine load hits both alike. */
    private static String[] compare(AccessApiFixture.Client client, int n, String name, String keyset,
            String offset) {
        double[][] both = time(client, n, keyset, offset);
        double[] k = both[0];
        double[] o = both[1];
        return new String[] {name, fmt(k[0]), fmt(k[1]), fmt(o[0]), fmt(o[1]),
                String.format(Locale.ROOT, "%.1f×", o[0] / k[0])};
    }

    private static String[] single(AccessApiFixture.Client client, int n, String name, String path) {
        double[] k = time(client, n, path)[0];
        return new String[] {name, fmt(k[0]), fmt(k[1]), "", "", ""};
    }

    /** For each path, p50 and p99 in milliseconds; the paths are requested in turn, {@code n} times each. */
    private static double[][] time(AccessApiFixture.Client client, int n, String... paths) {
        for (int i = 0; i < 20; i++) {
            for (String path : paths) {
                check(client.get(path), path);
            }
        }
        double[][] ms = new double[paths.length][n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < paths.length; p++) {
                long start = System.nanoTime();
                AccessApiFixture.Reply reply = client.get(paths[p]);
                ms[p][i] = (System.nanoTime() - start) / 1e6;
                check(reply, paths[p]);
            }
        }
        double[][] result = new double[paths.length][];
        for (int p = 0; p < paths.length; p++) {
            Arrays.sort(ms[p]);
            result[p] = new double[] {ms[p][n / 2], ms[p][Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]};
        }
        return result;
    }

    private static void check(AccessApiFixture.Reply reply, String path) {
        if (reply.status() != 200) {
            throw new IllegalStateException(path + " answered " + reply.status() + ": " + reply.body());
        }
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}
