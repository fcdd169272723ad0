package io.dataworkspace.deploy.aws.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsFilterRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<String> rules(String yaml) throws Exception {
        JsonNode root = YAML.readTree(yaml);
        assertThat(root.fieldNames()).toIterable().containsExactly("rules");
        List<String> out = new ArrayList<>();
        for (JsonNode rule : root.get("rules")) {
            // one rule kind per entry, as dnsfilter's parser requires; no types: the defaults A, AAAA, CNAME
            assertThat(rule.size()).isEqualTo(1);
            out.add(rule.fieldNames().next() + " " + rule.elements().next().toString());
        }
        return out;
    }

    @Test
    void shouldAllowTheIssuerExactlyAndEachDomainWithItsSubdomainsThenDenyEverythingElse() throws Exception {
        String yaml = new DnsFilterRules("SSO.example.org", List.of("pypi.org", "files.pythonhosted.org")).yaml();
        assertThat(rules(yaml)).containsExactly(
                "allow [\"sso.example.org\"]",
                "allow [\"pypi.org\",\"*.pypi.org\",\"files.pythonhosted.org\",\"*.files.pythonhosted.org\"]",
                "deny \"*\"");
    }

    @Test
    void shouldDenyEverythingButTheIssuerWithoutAllowDomains() throws Exception {
        assertThat(rules(new DnsFilterRules("sso.example.org", List.of()).yaml()))
                .containsExactly("allow [\"sso.example.org\"]", "deny \"*\"");
    }

    @Test
    void shouldLeaveOutAnIssuerGivenAsAnAddress() throws Exception {
        assertThat(rules(new DnsFilterRules("10.1.2.3", List.of("example.org")).yaml()))
                .containsExactly("allow [\"example.org\",\"*.example.org\"]", "deny \"*\"");
        assertThat(rules(new DnsFilterRules("[fd00::1]", List.of()).yaml())).containsExactly("deny \"*\"");
    }

    @Test
    void shouldEndWithTheCatchAllDenySoNothingUnlistedIsForwarded() throws Exception {
        List<String> rules = rules(new DnsFilterRules("sso.example.org", List.of("a.org", "b.org")).yaml());
        assertThat(rules.get(rules.size() - 1)).isEqualTo("deny \"*\"");
        assertThat(rules.subList(0, rules.size() - 1)).allSatisfy(r -> assertThat(r).startsWith("allow "));
    }
}
