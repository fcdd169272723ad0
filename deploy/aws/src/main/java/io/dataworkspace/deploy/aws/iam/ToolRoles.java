package io.dataworkspace.deploy.aws.iam;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The roles tools run with.
 * <ul>
 *   <li><b>base tool role</b>: assumed only by the launcher, which adds a session policy narrowing it to one user's
 *       {@code user/<id>/} prefix and granted datasets; its permissions boundary caps it at the bucket's
 *       {@code user/} and {@code datasets/} prefixes whatever the session policy says.</li>
 *   <li><b>tool task role</b>: the ECS task role of tool tasks; no permissions, same boundary (tools get their AWS
 *       credentials from the launcher's endpoint, not from the task role).</li>
 *   <li><b>tool execution role</b>: used by ECS to pull images (including through the pull-through cache) and
 *       write logs.</li>
 * </ul>
 */
public final class ToolRoles extends Construct {
    /** Bucket prefix of users' home folders. */
    public static final String USER_PREFIX = "user/";
    /** Bucket prefix of datasets. */
    public static final String DATASETS_PREFIX = "datasets/";

    private final ManagedPolicy boundary;
    private final Role baseToolRole;
    private final Role toolExecutionRole;

    /**
     * @param scope        parent
     * @param id           construct id
     * @param appName      name prefix
     * @param bucket       the home folders and datasets bucket
     * @param key          the bucket's KMS key
     * @param launcherRole the role of the server's tasks (the only principal that may assume the base tool role)
     */
    public ToolRoles(Construct scope, String id, String appName, IBucket bucket, IKey key, IRole launcherRole) {
        super(scope, id);
        String region = Stack.of(this).getRegion();

        boundary = ManagedPolicy.Builder.create(this, "Boundary")
                .managedPolicyName(appName + "-tool-boundary")
                .description("Caps tool credentials at the bucket's user/ and datasets/ prefixes")
                .statements(s3Statements(bucket, key, region))
                .build();

        baseToolRole = Role.Builder.create(this, "BaseToolRole")
                .roleName(appName + "-tool-base")
                .description("Assumed by the launcher with a per-user session policy; served to tools")
                .assumedBy(new ArnPrincipal(launcherRole.getRoleArn()))
                .permissionsBoundary(boundary)
                .maxSessionDuration(Duration.hours(12))
                .inlinePolicies(Map.of("prefixes", PolicyDocument.Builder.create()
                        .statements(s3Statements(bucket, key, region))
                        .build()))
                .build();

        toolExecutionRole = Role.Builder.create(this, "ToolExecutionRole")
                .roleName(appName + "-tool-execution")
                .description("Pulls tool and sidecar images and writes their logs")
                .assumedBy(ecsTasks())
                .build();
    }

    private ServicePrincipal ecsTasks() {
        return ServicePrincipal.Builder.create("ecs-tasks.amazonaws.com")
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build();
    }

    private static List<PolicyStatement> s3Statements(IBucket bucket, IKey key, String region) {
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("ObjectsUnderUserAndDatasets")
                        .effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject",
                                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                        .resources(List.of(bucket.arnForObjects(USER_PREFIX + "*"),
                                bucket.arnForObjects(DATASETS_PREFIX + "*")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ListUnderUserAndDatasets")
                        .effect(Effect.ALLOW)
                        .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
                        .resources(List.of(bucket.getBucketArn()))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix",
                                List.of(USER_PREFIX, USER_PREFIX + "*", DATASETS_PREFIX, DATASETS_PREFIX + "*"))))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("KeyThroughS3Only")
                        .effect(Effect.ALLOW)
                        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                        .resources(List.of(key.getKeyArn()))
                        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + region + ".amazonaws.com")))
                        .build());
    }

    /** @return the permissions boundary of the tool roles */
    public ManagedPolicy boundary() {
        return boundary;
    }

    /** @return the role the launcher assumes (with a session policy) for each tool's S3 credentials */
    public Role baseToolRole() {
        return baseToolRole;
    }

    /** @return the ECS execution role of tool tasks */
    public Role toolExecutionRole() {
        return toolExecutionRole;
    }

    /**
     * @return the roles the launcher may pass to ECS: only the execution role. Tool tasks have no task role: with
     *         one, ECS sets AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in every container and AWS SDKs would prefer it
     *         to the launcher's scoped credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)
     */
    public List<IRole> passableRoles() {
        return List.of(toolExecutionRole);
    }
}
