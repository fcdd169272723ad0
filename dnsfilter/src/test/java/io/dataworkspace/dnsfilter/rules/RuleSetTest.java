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
}
