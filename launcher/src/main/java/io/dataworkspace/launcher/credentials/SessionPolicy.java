package io.dataworkspace.launcher.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inline session policy of an STS session: the intersection of it and the base role's permissions is what the
 * tool may do. Read, write and delete under {@code user/<id>/}; list the bucket only under that prefix and the
 * granted dataset prefixes; read the granted dataset prefixes; use the bucket's KMS key when there is one.
 *
 * <p>STS refuses inline policies longer than {@value #MAX_CHARS} characters; a longer one is an error naming how
 * many prefixes were granted, never a silent truncation.
 */
public final class SessionPolicy {
    /** STS's limit on the plaintext of inline session policies. */
    public static final int MAX_CHARS = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bucket;
    private final String partition;
    private final Optional<String> kmsKeyArn;

    /**
     * @param region used to choose the ARN partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov})
     */
    public SessionPolicy(String bucket, String region, Optional<String> kmsKeyArn) {
        this.bucket = bucket;
        this.partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        this.kmsKeyArn = kmsKeyArn;
    }

    /**
     * The minified policy document for a scope.
     *
     * @throws SessionPolicyTooLargeException when it would exceed {@value #MAX_CHARS} characters
     */
    public String forScope(S3Scope scope) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        String objects = "arn:" + partition + ":s3:::" + bucket + "/";

        scope.homePrefix().ifPresent(prefix -> {
            ObjectNode home = statements.addObject().put("Sid", "Home").put("Effect", "Allow");
            home.putArray("Action").add("s3:GetObject").add("s3:PutObject").add("s3:DeleteObject")
                    .add("s3:AbortMultipartUpload").add("s3:ListMultipartUploadParts");
            home.put("Resource", objects + literal(prefix) + "*");
        });

        List<String> listablePrefixes = new ArrayList<>();
        scope.homePrefix().ifPresent(listablePrefixes::add);
        listablePrefixes.addAll(scope.datasetPrefixes());
        if (!listablePrefixes.isEmpty()) {
            ObjectNode list = statements.addObject().put("Sid", "List").put("Effect", "Allow")
                    .put("Action", "s3:ListBucket").put("Resource", "arn:" + partition + ":s3:::" + bucket);
            ArrayNode listable = list.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
            listablePrefixes.forEach(p -> listable.add(literal(p) + "*"));
        }

        if (!scope.datasetPrefixes().isEmpty()) {
            ObjectNode read = statements.addObject().put("Sid", "Datasets").put("Effect", "Allow")
                    .put("Action", "s3:GetObject");
            ArrayNode resources = read.putArray("Resource");
            scope.datasetPrefixes().forEach(p -> resources.add(objects + literal(p) + "*"));
        }
        if (statements.isEmpty()) {
            // a visualisation granted no datasets: IAM rejects an empty statement list, so say "nothing" explicitly
            statements.addObject().put("Sid", "Nothing").put("Effect", "Deny")
                    .put("Action", "s3:*").put("Resource", "*");
            return write(policy);
        }
        kmsKeyArn.ifPresent(key -> {
            ObjectNode kms = statements.addObject().put("Sid", "Kms").put("Effect", "Allow");
            kms.putArray("Action").add("kms:Decrypt").add("kms:GenerateDataKey");
            kms.put("Resource", key);
        });

        String text = write(policy);
        if (text.length() > MAX_CHARS) {
            throw new SessionPolicyTooLargeException(scope.datasetPrefixes().size(), text.length(), MAX_CHARS);
        }
        return text;
    }

    /** The resources a policy for this scope names (for tests and audit). */
    public List<String> resources(S3Scope scope) {
        List<String> out = new ArrayList<>();
        scope.homePrefix().ifPresent(p -> out.add("arn:" + partition + ":s3:::" + bucket + "/" + literal(p) + "*"));
        scope.datasetPrefixes().forEach(p -> out.add("arn:" + partition + ":s3:::" + bucket + "/" + literal(p) + "*"));
        return out;
    }

    /**
     * In a 2012-10-17 policy {@code ${…}} is a policy variable; a literal {@code $} is written {@code ${$}} so a
     * prefix can never widen itself through a variable.
     */
    static String literal(String prefix) {
        return prefix.replace("$", "${$}");
    }

    private static String write(ObjectNode policy) {
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session policy", e);
        }
    }
}
