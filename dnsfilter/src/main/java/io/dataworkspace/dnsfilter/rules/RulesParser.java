package io.dataworkspace.dnsfilter.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netty.handler.codec.dns.DnsRecordType;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a rules file (YAML) into a {@link RuleSet}. Every problem is reported as a {@link RulesException} naming
 * the line and the reason; nothing half-parsed is ever returned.
 *
 * <pre>
 * rules:
 *   - allow: ["*.amazonaws.com"]
 *     types: [A, AAAA, CNAME]
 *   - static: time.aws.com
 *     a: [169.254.169.123]
 *   - rewrite: '(.+)\.corp\.example\.com'
 *     to: '$1.workspace.internal'
 *   - deny: "*"
 * </pre>
 */
public final class RulesParser {

    /** Types answered by allow and rewrite rules that do not list their own. */
    public static final Set<Integer> DEFAULT_TYPES = Set.of(
            DnsRecordType.A.intValue(), DnsRecordType.AAAA.intValue(), DnsRecordType.CNAME.intValue());

    /** Types no rule may allow: they are the classic bulk-exfiltration and zone-dump channels. */
    private static final Set<Integer> FORBIDDEN_TYPES = Set.of(
            DnsRecordType.ANY.intValue(), 10 /* NULL */, DnsRecordType.AXFR.intValue(),
            DnsRecordType.IXFR.intValue(), DnsRecordType.OPT.intValue());

    private static final int MAX_RULES = 10_000;

    private final YAMLFactory yaml = new YAMLFactory();
    private final ObjectMapper mapper = new ObjectMapper(yaml);

    /**
     * @param text the content of the rules file
     * @return the compiled rules
     * @throws RulesException naming the line and the reason when the file cannot be used
     */
    public RuleSet parse(String text) throws RulesException {
        List<Rule> rules = new ArrayList<>();
        boolean sawRules = false;
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new RulesException(0, "the rules file is empty (expected: a mapping with a 'rules' list)");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new RulesException(line(p), "expected a mapping with a 'rules' list at the top");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int fieldLine = line(p);
                JsonToken value = p.nextToken();
                if (!field.equals("rules")) {
                    throw new RulesException(fieldLine, "unknown key '" + field + "' (expected: rules)");
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new RulesException(fieldLine, "'rules' must be a list");
                }
                sawRules = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int ruleLine = line(p);
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw new RulesException(ruleLine, "a rule must be a mapping such as '- allow: \"*.example.com\"'");
                    }
                    JsonNode node = mapper.readTree(p);
                    if (rules.size() >= MAX_RULES) {
                        throw new RulesException(ruleLine, "more than " + MAX_RULES + " rules");
                    }
                    rules.add(rule(node, ruleLine));
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RulesException(line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RulesException(0, "cannot read the rules: " + e.getMessage());
        }
        if (!sawRules) {
            throw new RulesException(0, "no 'rules' list in the rules file");
        }
        return new RuleSet(rules);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private Rule rule(JsonNode node, int line) throws RulesException {
        Set<String> kinds = new HashSet<>();
        for (String k : List.of("allow", "rewrite", "static", "deny")) {
            if (node.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            throw new RulesException(line, "a rule needs exactly one of allow, rewrite, static, deny (found: "
                    + (kinds.isEmpty() ? "none" : String.join(", ", kinds)) + ")");
        }
        String kind = kinds.iterator().next();
        return switch (kind) {
            case "allow" -> {
                onlyKeys(node, line, "allow", "types");
                yield new Rule.Allow(line, patterns(node.get("allow"), line), types(node.get("types"), line));
            }
            case "deny" -> {
                onlyKeys(node, line, "deny");
                yield new Rule.Deny(line, patterns(node.get("deny"), line));
            }
            case "rewrite" -> {
                onlyKeys(node, line, "rewrite", "to", "types");
                yield rewrite(node, line);
            }
            default -> {
                onlyKeys(node, line, "static", "a", "aaaa", "ttl");
                yield staticRule(node, line);
            }
        };
    }

    private Rule rewrite(JsonNode node, int line) throws RulesException {
        JsonNode re = node.get("rewrite");
        JsonNode to = node.get("to");
        if (!re.isTextual() || re.asText().isBlank()) {
            throw new RulesException(line, "'rewrite' must be a regular expression");
        }
        if (to == null || !to.isTextual() || to.asText().isBlank()) {
            throw new RulesException(line, "a rewrite needs 'to': the name to resolve instead");
        }
        Pattern regex;
        try {
            regex = Pattern.compile(re.asText().toLowerCase(Locale.ROOT));
        } catch (PatternSyntaxException e) {
            throw new RulesException(line, "bad regular expression '" + re.asText() + "': " + e.getDescription());
        }
        String target = to.asText().trim().toLowerCase(Locale.ROOT);
        int groups = regex.matcher("").groupCount();
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) == '$') {
                int j = i + 1;
                while (j < target.length() && Character.isDigit(target.charAt(j))) {
                    j++;
                }
                if (j == i + 1 || Integer.parseInt(target.substring(i + 1, j)) > groups) {
                    throw new RulesException(line, "'to' refers to a group the regular expression does not have: "
                            + target);
                }
            }
        }
        return new Rule.Rewrite(line, regex, target.endsWith(".") ? target.substring(0, target.length() - 1) : target,
                types(node.get("types"), line));
    }

    private Rule staticRule(JsonNode node, int line) throws RulesException {
        List<InetAddress> v4 = addresses(node.get("a"), line, "a", true);
        List<InetAddress> v6 = addresses(node.get("aaaa"), line, "aaaa", false);
        if (v4.isEmpty() && v6.isEmpty()) {
            throw new RulesException(line, "a static rule needs 'a' and/or 'aaaa' addresses");
        }
        int ttl = 300;
        JsonNode t = node.get("ttl");
        if (t != null) {
            if (!t.canConvertToInt() || t.asInt() < 0 || t.asInt() > 604_800) {
                throw new RulesException(line, "ttl: " + t.asText() + " (expected: seconds, 0 to 604800)");
            }
            ttl = t.asInt();
        }
        Set<Integer> types = new HashSet<>();
        if (!v4.isEmpty()) {
            types.add(DnsRecordType.A.intValue());
        }
        if (!v6.isEmpty()) {
            types.add(DnsRecordType.AAAA.intValue());
        }
        return new Rule.Static(line, patterns(node.get("static"), line), v4, v6, ttl, types);
    }

    private static List<InetAddress> addresses(JsonNode node, int line, String key, boolean v4)
            throws RulesException {
        List<InetAddress> out = new ArrayList<>();
        for (String s : strings(node, line, key)) {
            if (!looksLikeLiteral(s, v4)) {
                throw new RulesException(line, key + ": '" + s + "' is not an IPv" + (v4 ? "4" : "6") + " address");
            }
            try {
                InetAddress a = InetAddress.getByName(s);   // a literal: no lookup happens
                if (v4 != (a instanceof Inet4Address) || (!v4 && !(a instanceof Inet6Address))) {
                    throw new RulesException(line, key + ": '" + s + "' is not an IPv" + (v4 ? "4" : "6") + " address");
                }
                out.add(a);
            } catch (IOException e) {
                throw new RulesException(line, key + ": '" + s + "' is not an IP address");
            }
        }
        return out;
    }

    private static boolean looksLikeLiteral(String s, boolean v4) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = v4 ? (Character.isDigit(c) || c == '.')
                    : (Character.digit(c, 16) >= 0 || c == ':' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<NamePattern> patterns(JsonNode node, int line) throws RulesException {
        List<NamePattern> out = new ArrayList<>();
        for (String s : strings(node, line, "name")) {
            try {
                out.add(NamePattern.parse(s));
            } catch (IllegalArgumentException e) {
                throw new RulesException(line, e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new RulesException(line, "the rule lists no names");
        }
        return out;
    }

    private static Set<Integer> types(JsonNode node, int line) throws RulesException {
        if (node == null) {
            return DEFAULT_TYPES;
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (String s : strings(node, line, "types")) {
            String name = s.toUpperCase(Locale.ROOT);
            int code;
            if (name.equals("NULL")) {
                code = 10;
            } else if (name.matches("TYPE\\d{1,5}")) {
                code = Integer.parseInt(name.substring(4));
            } else {
                try {
                    code = DnsRecordType.valueOf(name).intValue();
                } catch (IllegalArgumentException e) {
                    throw new RulesException(line, "types: unknown record type '" + s + "'");
                }
            }
            if (FORBIDDEN_TYPES.contains(code) || code <= 0 || code > 65535) {
                throw new RulesException(line, "types: " + s + " can never be allowed (ANY, NULL, AXFR, IXFR, OPT)");
            }
            out.add(code);
        }
        if (out.isEmpty()) {
            throw new RulesException(line, "types: the list is empty");
        }
        return out;
    }

    private static List<String> strings(JsonNode node, int line, String key) throws RulesException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isValueNode() || n.isNull()) {
                    throw new RulesException(line, key + ": expected a list of strings");
                }
                out.add(n.asText().trim());
            }
        } else if (node.isValueNode()) {
            out.add(node.asText().trim());
        } else {
            throw new RulesException(line, key + ": expected a string or a list of strings");
        }
        return out;
    }

    private static void onlyKeys(JsonNode node, int line, String... allowed) throws RulesException {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ok.contains(k)) {
                throw new RulesException(line, "unknown key '" + k + "' in a " + allowed[0] + " rule (expected: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }
}
