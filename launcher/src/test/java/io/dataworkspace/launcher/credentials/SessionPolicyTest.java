package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID INSTANCE = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000001");

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.get("Statement")) {
            if (sid.equals(s.get("Sid").asText())) {
                return s;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    @Test
    void shouldAllowExactlyTheUsersHomeAndTheGrantedDatasetPrefixes() throws Exception {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        S3Scope scope = new S3Scope("ab12cd34", INSTANCE, List.of("datasets/trade/", "datasets/health/"));

        JsonNode doc = JSON.readTree(policy.forScope(scope));

        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        JsonNode home = statement(doc, "Home");
        assertThat(texts(home.get("Resource"))).containsExactly("arn:aws:s3:::dw-users/user/ab12cd34/*");
        assertThat(texts(home.get("Action"))).contains("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
        JsonNode list = statement(doc, "List");
        assertThat(texts(list.get("Resource"))).containsExactly("arn:aws:s3:::dw-users");
        assertThat(texts(list.get("Condition").get("StringLike").get("s3:prefix")))
                .containsExactly("user/ab12cd34/*", "datasets/trade/*", "datasets/health/*");
        JsonNode datasets = statement(doc, "Datasets");
        assertThat(texts(datasets.get("Action"))).containsExactly("s3:GetObject");
        assertThat(texts(datasets.get("Resource"))).containsExactly("arn:aws:s3:::dw-users/datasets/trade/*",
                "arn:aws:s3:::dw-users/datasets/health/*");
        assertThat(statement(doc, "Kms")).isNull();
        assertThat(doc.get("Statement")).hasSize(3);
    }

    @Test
    void shouldGrantNoDatasetReadsWhenNothingIsGranted() throws Exception {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        JsonNode doc = JSON.readTree(policy.forScope(new S3Scope("ab12cd34", INSTANCE, List.of())));

        assertThat(statement(doc, "Datasets")).isNull();
        assertThat(texts(statement(doc, "List").get("Condition").get("StringLike").get("s3:prefix")))
                .containsExactly("user/ab12cd34/*");
    }

    @Test
    void shouldGiveAVisualisationItsDatasetsAndNoHome() throws Exception {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        S3Scope scope = new S3Scope("ab12cd34", INSTANCE, List.of("datasets/trade/"), false);

        JsonNode doc = JSON.readTree(policy.forScope(scope));

        assertThat(statement(doc, "Home")).isNull();
        assertThat(texts(statement(doc, "List").get("Condition").get("StringLike").get("s3:prefix")))
                .containsExactly("datasets/trade/*");
        assertThat(policy.resources(scope)).containsExactly("arn:aws:s3:::dw-users/datasets/trade/*");
        assertThat(scope.mayWrite("user/ab12cd34/notes.txt")).isFalse();
        assertThat(scope.mayRead("user/ab12cd34/notes.txt")).isFalse();
        assertThat(scope.homePrefix()).isEmpty();
    }

    @Test
    void shouldDenyEverythingToAVisualisationGrantedNothing() throws Exception {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());

        JsonNode doc = JSON.readTree(policy.forScope(new S3Scope("ab12cd34", INSTANCE, List.of(), false)));

        assertThat(doc.get("Statement")).hasSize(1);
        assertThat(statement(doc, "Nothing").get("Effect").asText()).isEqualTo("Deny");
    }

    @Test
    void shouldAllowTheBucketKmsKeyWhenConfigured() throws Exception {
        String key = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.of(key));
        JsonNode kms = statement(JSON.readTree(policy.forScope(new S3Scope("ab12cd34", INSTANCE, List.of()))), "Kms");

        assertThat(texts(kms.get("Resource"))).containsExactly(key);
        assertThat(texts(kms.get("Action"))).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
    }

    @Test
    void shouldUseThePartitionOfTheRegion() {
        SessionPolicy policy = new SessionPolicy("b-cn", "cn-north-1", Optional.empty());
        assertThat(policy.forScope(new S3Scope("ab12cd34", INSTANCE, List.of()))).contains("arn:aws-cn:s3:::b-cn/");
    }

    @Test
    void shouldNeverLetAPrefixBecomeAPolicyVariable() {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        String doc = policy.forScope(new S3Scope("ab12cd34", INSTANCE, List.of("datasets/${aws:username}/")));

        assertThat(doc).contains("datasets/${$}{aws:username}/*").doesNotContain("/${aws:username}");
    }

    @Test
    void shouldRefuseTooManyPrefixesWithACountInsteadOfTruncating() {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        List<String> prefixes = IntStream.range(0, 40).mapToObj(i -> "datasets/department-" + i + "/").toList();

        assertThatThrownBy(() -> policy.forScope(new S3Scope("ab12cd34", INSTANCE, prefixes)))
                .isInstanceOf(SessionPolicyTooLargeException.class)
                .hasMessageContaining("40 granted dataset prefixes")
                .hasMessageContaining("limit of 2048")
                .satisfies(e -> assertThat(((SessionPolicyTooLargeException) e).size()).isGreaterThan(2048));
    }

    @Test
    void shouldFitAsManyPrefixesAsTheLimitAllows() {
        SessionPolicy policy = new SessionPolicy("dw-users", "eu-west-2", Optional.empty());
        List<String> prefixes = IntStream.range(0, 10).mapToObj(i -> "datasets/department-" + i + "/").toList();

        assertThat(policy.forScope(new S3Scope("ab12cd34", INSTANCE, prefixes)).length())
                .isLessThanOrEqualTo(SessionPolicy.MAX_CHARS);
    }

    @Test
    void shouldRejectPrefixesThatWouldWidenTheScope() {
        assertThatThrownBy(() -> new S3Scope("ab12cd34", INSTANCE, List.of("user/other/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Scope("ab12cd34", INSTANCE, List.of("datasets/*")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Scope("ab12cd34", INSTANCE, List.of("datasets")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCarryTheUserIdInTheSessionName() {
        String name = StsCredentialIssuer.sessionName(new S3Scope("ab12cd34ef56ab12cd34ef56ab12cd34", INSTANCE,
                List.of()));
        assertThat(name).isEqualTo("dw-ab12cd34ef56ab12cd34ef56ab12cd34-6f1c2a3b").matches("[\\w+=,.@-]{2,64}");
    }
}
