package io.dataworkspace.deploy.aws.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.CfnPullThroughCacheRule;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * ECR pull-through cache rules for public tool images, so tool tasks in isolated subnets pull upstream images
 * through the ECR endpoints: {@code quay/...} (quay.io, e.g. Jupyter's images), {@code ecr-public/...}
 * (public.ecr.aws) and, when a credentials secret is given, {@code docker-hub/...} (Docker Hub requires one).
 */
final class PullThroughCache extends Construct {
    private final List<String> prefixes = new ArrayList<>();

    PullThroughCache(Construct scope, String id, Optional<String> dockerHubCredentialsSecretArn) {
        super(scope, id);
        rule("Quay", "quay", "quay.io", "quay", Optional.empty());
        rule("EcrPublic", "ecr-public", "public.ecr.aws", "ecr-public", Optional.empty());
        dockerHubCredentialsSecretArn.ifPresent(arn ->
                rule("DockerHub", "docker-hub", "registry-1.docker.io", "docker-hub", Optional.of(arn)));
    }

    private void rule(String id, String prefix, String url, String registry, Optional<String> credentialArn) {
        CfnPullThroughCacheRule.Builder builder = CfnPullThroughCacheRule.Builder.create(this, id)
                .ecrRepositoryPrefix(prefix)
                .upstreamRegistryUrl(url)
                .upstreamRegistry(registry);
        credentialArn.ifPresent(builder::credentialArn);
        builder.build();
        prefixes.add(prefix);
    }

    /**
     * Lets a task execution role create cache repositories and import upstream images on first pull, only under
     * the cache prefixes.
     *
     * @param executionRole the role ECS pulls tool images with
     */
    void grantPullThrough(IGrantable executionRole) {
        Stack stack = Stack.of(this);
        List<String> repositories = prefixes.stream()
                .map(prefix -> stack.formatArn(ArnComponents.builder()
                        .service("ecr")
                        .resource("repository")
                        .resourceName(prefix + "/*")
                        .build()))
                .toList();
        executionRole.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PullThroughCache")
                .actions(List.of("ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
                .resources(repositories)
                .build());
    }

    /** @return the repository prefixes of the cache rules */
    List<String> prefixes() {
        return List.copyOf(prefixes);
    }
}
