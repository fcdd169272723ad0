package io.dataworkspace.dnsfilter.rules;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesParserTest {

    private final RulesParser parser = new RulesParser();

    @Test
    void shouldParseTheReadmeExample() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        RuleSet rules = parser.parse(yaml);
        assertThat(rules.match("s3.eu-west-2.amazonaws.com")).isInstanceOf(Rule.Allow.class);
        assertThat(rules.match("169.254.169.123")).isInstanceOf(Rule.Deny.class);
        assertThat(rules.match("time.aws.com")).isInstanceOf(Rule.Static.class);
        assertThat(rules.match("example.com")).isInstanceOf(Rule.Deny.class);
    }

    @Test
    void shouldParseEveryKindOfRuleWithItsLine() throws Exception {
        RuleSet rules = parser.parse("""
                rules:
                  - allow: ["*.amazonaws.com"]
                    types: [A, AAAA, CNAME, TXT]
                  - static: [time.aws.com, ntp.internal]
                    a: [169.254.169.123]
                    aaaa: ["fd00:ec2::123"]
                    ttl: 60
                  - rewrite: '(.+)\\.corp\\.example\\.com'
                    to: '$1.workspace.internal'
                  - deny: "*"
                """);
        assertThat(rules.rules()).hasSize(4);
        assertThat(rules.rules().get(0).line()).isEqualTo(2);
        assertThat(rules.rules().get(0).types()).containsExactlyInAnyOrder(1, 28, 5, 16);
        Rule.Static s = (Rule.Static) rules.rules().get(1);
        assertThat(s.line()).isEqualTo(4);
        assertThat(s.ttl()).isEqualTo(60);
        assertThat(s.types()).containsExactlyInAnyOrder(1, 28);
        Rule.Rewrite r = (Rule.Rewrite) rules.rules().get(2);
        assertThat(r.replacement()).isEqualTo("$1.workspace.internal");
        assertThat(rules.rules().get(3).line()).isEqualTo(10);
    }

    @Test
    void shouldRejectBadFilesWithTheLineAndTheReason() {
        assertError("rules:\n  - allow: a.example\n  - alow: b.example\n", 3, "exactly one of allow");
        assertError("rules:\n  - allow: a.example\n    types: [A, ANY]\n", 2, "can never be allowed");
        assertError("rules:\n  - allow: a.example\n    types: [A, BOGUS]\n", 2, "unknown record type 'BOGUS'");
        assertError("rules:\n  - rewrite: '(unclosed'\n    to: x.example\n", 2, "bad regular expression");
        assertError("rules:\n  - rewrite: 'a'\n    to: '$2.example'\n", 2, "group");
        assertError("rules:\n  - static: t.example\n    a: [not-an-ip]\n", 2, "is not an IPv4 address");
        assertError("rules:\n  - static: t.example\n    a: ['::1']\n", 2, "is not an IPv4 address");
        assertError("rules:\n  - allow: 'bad name!'\n", 2, "has the character ' '");
        assertError("rules:\n  - allow: a.example\n    extra: 1\n", 2, "unknown key 'extra'");
        assertError("rules:\n  - allow: [a.example\n", 2, "not valid YAML");
        assertError("other: 1\n", 1, "unknown key 'other'");
        assertError("", 0, "empty");
        assertError("rules: {}\n", 1, "must be a list");
    }

    @Test
    void shouldNotResolveHostnamesGivenAsAddresses() {
        assertError("rules:\n  - static: t.example\n    a: [localhost]\n", 2, "is not an IPv4 address");
    }

    private void assertError(String yaml, int line, String reason) {
        assertThatThrownBy(() -> parser.parse(yaml))
                .isInstanceOf(RulesException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((RulesException) e).line()).as(e.getMessage()).isEqualTo(line));
    }
}
