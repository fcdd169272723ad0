package io.dataworkspace.dnsfilter.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSetTest {

    private final RulesParser parser = new RulesParser();

    @Test
    void shouldApplyTheFirstMatchingRuleInFileOrder() throws Exception {
        RuleSet rules = parser.parse("""
                rules:
                  - deny: "*.evil.amazonaws.com"
                  - allow: "*.amazonaws.com"
                  - deny: "s3.amazonaws.com"
                  - rewrite: '(.+)\\.corp\\.example'
                    to: '$1.internal'
                  - allow: "*.example"
                """);
        assertThat(rules.match("x.evil.amazonaws.com")).isInstanceOf(Rule.Deny.class);
        assertThat(rules.match("s3.amazonaws.com")).as("the earlier suffix rule wins").isInstanceOf(Rule.Allow.class);
        assertThat(rules.match("db.corp.example")).as("rewrite written before the suffix")
                .isInstanceOf(Rule.Rewrite.class);
        assertThat(rules.match("www.example")).isInstanceOf(Rule.Allow.class);
        assertThat(rules.match("amazonaws.com")).as("a suffix does not match its apex").isNull();
        assertThat(rules.match("other.org")).as("no rule: denied").isNull();
    }

    @Test
    void shouldMatchRewritesOnTheWholeName() throws Exception {
        RuleSet rules = parser.parse("""
                rules:
                  - rewrite: 'db\\.corp'
                    to: 'db.internal'
                """);
        assertThat(rules.match("db.corp")).isInstanceOf(Rule.Rewrite.class);
        assertThat(rules.match("xdb.corp")).isNull();
        assertThat(rules.match("db.corp.evil")).isNull();
    }

    @Test
    void shouldLetACatchAllRuleMatchEverythingAfterEarlierRules() throws Exception {
        RuleSet rules = parser.parse("""
                rules:
                  - allow: hub.example
                  - deny: "*"
                  - allow: "*.late.example"
                """);
        assertThat(rules.match("hub.example")).isInstanceOf(Rule.Allow.class);
        assertThat(rules.match("a.late.example")).isInstanceOf(Rule.Deny.class);
        assertThat(rules.match("")).isInstanceOf(Rule.Deny.class);
    }

    @Test
    void shouldFindEverySuffixAmongManyAtAnyDepth() throws Exception {
        StringBuilder yaml = new StringBuilder("rules:\n");
        for (int i = 0; i < 300; i++) {
            yaml.append(i % 2 == 0 ? "  - allow: \"*.z" : "  - deny: \"*.z").append(i).append(".example\"\n");
        }
        yaml.append("  - allow: \"*.example\"\n");
        RuleSet rules = parser.parse(yaml.toString());
        for (int i = 0; i < 300; i++) {
            Class<?> expected = i % 2 == 0 ? Rule.Allow.class : Rule.Deny.class;
            assertThat(rules.match("a.z" + i + ".example")).as("a.z%d.example", i).isInstanceOf(expected);
            assertThat(rules.match("x.y.z-" + i + ".z" + i + ".example")).isInstanceOf(expected);
            assertThat(rules.match("z" + i + ".example")).as("apex falls to *.example")
                    .isEqualTo(rules.rules().get(300));
        }
        assertThat(rules.match("example")).isNull();
        assertThat(rules.match("a.z1.example.org")).isNull();
    }
}
