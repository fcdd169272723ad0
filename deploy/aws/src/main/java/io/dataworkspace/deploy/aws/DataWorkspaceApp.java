package io.dataworkspace.deploy.aws;

import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import io.dataworkspace.deploy.aws.data.DataStack;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import io.dataworkspace.deploy.aws.platform.PlatformStack;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The deployment's three stacks, in dependency order (network, then data, then platform), with the application and
 * cost-centre tags applied to every taggable resource.
 *
 * @param network  VPC, endpoints, security groups, DNS routing
 * @param data     KMS key, Aurora, S3
 * @param platform ECS, load balancers, IAM, secrets
 */
public record DataWorkspaceApp(NetworkStack network, DataStack data, PlatformStack platform) {

    /**
     * CDK feature flags this app is written against; {@link Main} and the tests create their {@link App} with them.
     *
     * @return context entries to give every {@code App}
     */
    public static java.util.Map<String, Object> featureFlags() {
        return java.util.Map.of("@aws-cdk/core:defaultCrossStackReferences", "strong");
    }

    /**
     * Adds the stacks to an app.
     *
     * @param app    the CDK app
     * @param config validated configuration
     * @return the stacks
     */
    public static DataWorkspaceApp define(App app, DeploymentConfig config) {
        Environment.Builder environment = Environment.builder();
        config.account().or(() -> envValue("CDK_DEFAULT_ACCOUNT")).ifPresent(environment::account);
        config.region().or(() -> envValue("CDK_DEFAULT_REGION")).ifPresent(environment::region);
        Environment env = environment.build();
        String app0 = config.appName();

        NetworkStack network = new NetworkStack(app, app0 + "-network", props(env, app0 + "-network",
                "Data Workspace network: VPC, endpoints, security groups, DNS to dnsfilter", false), config);
        DataStack data = new DataStack(app, app0 + "-data", props(env, app0 + "-data",
                "Data Workspace data: KMS key, Aurora PostgreSQL, S3 bucket",
                config.data().terminationProtection()), config, network);
        PlatformStack platform = new PlatformStack(app, app0 + "-platform", props(env, app0 + "-platform",
                "Data Workspace platform: ECS services, load balancers, IAM, tool task definitions", false),
                config, network, data);
        data.addStackDependency(network);
        platform.addStackDependency(data);

        Tags.of(app).add(DeploymentConfig.APPLICATION_TAG_KEY, DeploymentConfig.APPLICATION_TAG_VALUE);
        Tags.of(app).add(config.costCentreTagKey(), config.costCentre());
        return new DataWorkspaceApp(network, data, platform);
    }

    private static java.util.Optional<String> envValue(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static StackProps props(Environment env, String name, String description, boolean protect) {
        return StackProps.builder()
                .env(env)
                .stackName(name)
                .description(description)
                .terminationProtection(protect)
                .build();
    }
}
