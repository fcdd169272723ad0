package io.dataworkspace.launcher.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCsvTest {
    @Test
    void shouldLeavePlainFieldsAlone() {
        assertThat(AuditCsv.field("grant.create")).isEqualTo("grant.create");
        assertThat(AuditCsv.field(null)).isEmpty();
        assertThat(AuditCsv.field("")).isEmpty();
    }

    @Test
    void shouldQuoteCommasQuotesAndLineBreaks() {
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("one\ntwo")).isEqualTo("\"one\ntwo\"");
        assertThat(AuditCsv.field("one\r\ntwo")).isEqualTo("\"one\r\ntwo\"");
    }

    @Test
    void shouldNeutraliseFormulaLeadCharacters() {
        assertThat(AuditCsv.field("=1+1")).isEqualTo("'=1+1");
        assertThat(AuditCsv.field("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.field("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.field("\t=1")).isEqualTo("'\t=1");
        assertThat(AuditCsv.field("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assertThat(AuditCsv.field("a=1")).isEqualTo("a=1");
    }

    @Test
    void shouldWriteOneCrlfTerminatedRowPerEvent() {
        AuditEvent event = new AuditEvent(7, Instant.parse("2026-01-02T03:04:05Z"), null, "sign-in", "u1",
                "10.0.0.1", "{\"a\": 1}");
        assertThat(AuditCsv.row(event)).isEqualTo("7,2026-01-02T03:04:05Z,,sign-in,u1,10.0.0.1,{\"\"a\"\": 1}\r\n"
                .replace("{\"\"a\"\": 1}", "\"{\"\"a\"\": 1}\""));
    }
}
