package io.dataworkspace.launcher.access;

import java.util.function.Consumer;

/**
 * Exports audit events as CSV (RFC 4180) for spreadsheets: fields with commas, quotes or line breaks are quoted,
 * quotes doubled, and a field starting with {@code = + - @}, a tab or a carriage return is prefixed with {@code '}
 * so a spreadsheet shows it as text instead of running it as a formula.
 */
public final class AuditCsv {
    /** The rows written per database page; the export streams page by page. */
    static final int PAGE = 1000;

    public static final String HEADER = "id,at,actor,action,target,source_ip,details\r\n";

    private final AuditSearch search;

    public AuditCsv(AuditSearch search) {
        this.search = search;
    }

    /**
     * Writes the header then every matching event, newest first, in chunks of up to {@value #PAGE} rows.
     *
     * @param maxRows stop after this many rows
     * @return the number of rows written
     */
    public long export(Actor actor, AuditFilter filter, long maxRows, Consumer<String> out) {
        actor.requireAdmin();
        out.accept(HEADER);
        long written = 0;
        Cursors.TimeAndId after = null;
        while (written < maxRows) {
            Page<AuditEvent> page = search.page(filter, after, (int) Math.min(PAGE, maxRows - written));
            StringBuilder chunk = new StringBuilder();
            for (AuditEvent e : page.items()) {
                chunk.append(row(e));
            }
            if (!chunk.isEmpty()) {
                out.accept(chunk.toString());
            }
            written += page.items().size();
            if (page.next() == null) {
                break;
            }
            AuditEvent last = page.items().get(page.items().size() - 1);
            after = new Cursors.TimeAndId(last.at(), last.id());
        }
        return written;
    }

    /** One CSV line, CRLF-terminated. */
    public static String row(AuditEvent e) {
        return String.join(",", field(Long.toString(e.id())), field(e.at().toString()), field(e.actor()),
                field(e.action()), field(e.target()), field(e.sourceIp()), field(e.details())) + "\r\n";
    }

    /** One field: neutralised against formula injection, then quoted when needed. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = value;
        char first = text.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
