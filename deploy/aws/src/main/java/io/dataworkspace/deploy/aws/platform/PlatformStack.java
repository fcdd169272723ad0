package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import io.dataworkspace.deploy.aws.config.PlatformSettings;
import io.dataworkspace.deploy.aws.data.DataStack;
import io.dataworkspace.deploy.aws.iam.LauncherPermissions;
import io.dataworkspace.deploy.aws.iam.ToolRoles;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import io.dataworkspace.deploy.aws.network.SecurityGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Everything that runs: the platform cluster (server, dnsfilter), the tools cluster (tool tasks started by the
 * launcher), the ALB entrance, the tool task definitions, the OIDC client secret, the ECR pull-through cache and the
 * IAM roles and permissions that tie them together. Security groups come from the network stack (imported
 * immutable, so nothing here widens them); the key, bucket and database from the data stack.
 */
public final class PlatformStack extends Stack {
    private final Cluster platformCluster;
    private final Cluster toolsCluster;
    private final Role serverTaskRole;
    private final ToolRoles toolRoles;
    private final Entrance entrance;
    private final DnsFilterService dnsFilter;
    private final ServerService server;
    private final ToolTaskDefinitions toolTasks;

    /**
     * @param scope   the app
     * @param id      stack id
     * @param props   stack properties
     * @param config  deployment configuration
     * @param network the network stack
     * @param data    the data stack
     */
    public PlatformStack(Construct scope, String id, StackProps props, DeploymentConfig config,
                         NetworkStack network, DataStack data) {
        super(scope, id, props);
        PlatformSettings settings = config.platform();
        String app = config.appName();

        platformCluster = cluster("PlatformCluster", app + "-platform", network, settings);
        toolsCluster = cluster("ToolsCluster", app + "-tools", network, settings);

        // Imported, so that grants on it become statements in this stack's role policies (the key policy trusts
        // the account's IAM policies) instead of key policy edits in the data stack, which would make the two
        // stacks reference each other.
        IKey key = Key.fromKeyArn(this, "DataKey", data.key().getKeyArn());
        LogGroup serverLogs = logGroup("ServerLogs", "/" + app + "/server", settings, key);
        LogGroup dnsfilterLogs = logGroup("DnsFilterLogs", "/" + app + "/dnsfilter", settings, key);
        LogGroup toolLogs = logGroup("ToolLogs", "/" + app + "/tools", settings, key);
        ISecret databaseSecret = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(
                this, "DatabaseSecret", data.databaseSecretArn());

        software.amazon.awscdk.services.secretsmanager.Secret oidcSecret =
                software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "OidcClientSecret")
                        .secretName(app + "/oidc-client-secret")
                        .description("OIDC client secret of the platform; replace the generated placeholder")
                        .encryptionKey(key)
                        .generateSecretString(SecretStringGenerator.builder()
                                .passwordLength(32)
                                .excludePunctuation(true)
                                .build())
                        .build();

        serverTaskRole = Role.Builder.create(this, "ServerTaskRole")
                .roleName(app + "-server-task")
                .description("dataworkspace server: proxy and launcher")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        data.bucket().grantReadWrite(serverTaskRole);

        toolRoles = new ToolRoles(this, "ToolRoles", app, data.bucket(), data.key(), serverTaskRole);
        List<String> families = settings.tools().stream().map(t -> t.family(app)).toList();
        new LauncherPermissions(this, "LauncherPermissions", serverTaskRole, toolsCluster.getClusterName(),
                toolsCluster.getClusterArn(), families, toolRoles);

        Images images = new Images(this, "Images");
        PullThroughCache cache = new PullThroughCache(this, "PullThroughCache",
                settings.dockerHubCredentialsSecretArn());
        cache.grantPullThrough(toolRoles.toolExecutionRole());
        // The launcher's credentials endpoint inside the VPC, through the server's Cloud Map name. Tool tasks reach
        // it through their metrics sidecar's loopback relay, since AWS SDKs refuse a plain-http credentials URL
        // that is not loopback.
        String credentialsUrl = "http://" + ServerService.DISCOVERY_NAME + "." + NetworkStack.internalDomain(app)
                + ":" + SecurityGroups.CREDENTIALS_PORT;
        toolTasks = new ToolTaskDefinitions(this, "ToolTasks", app, settings, images,
                toolRoles.toolExecutionRole(), data.bucket().getBucketName(), toolLogs, credentialsUrl);

        entrance = new Entrance(this, "Entrance", config, network.vpc(),
                immutable("AlbGroup", network.securityGroups().alb()));

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DATABASE_URL", "jdbc:postgresql://" + data.database().getClusterEndpoint().getSocketAddress()
                + "/" + DataStack.DATABASE_NAME + "?sslmode=require");
        environment.put("PUBLIC_URL", "https://" + config.rootDomain());
        // behind the load balancer: listen on the task's address, not loopback
        environment.put("PROXY_HOST", "0.0.0.0");
        environment.put("LAUNCHER_API_HOST", "0.0.0.0");
        environment.put("FORWARD_TRUSTED_HOPS", "1");
        environment.put("OIDC_ISSUER", settings.oidcIssuer().toString());
        environment.put("OIDC_CLIENT_ID", settings.oidcClientId());
        environment.put("BACKEND", "fargate");
        environment.put("FARGATE_CLUSTER", toolsCluster.getClusterName());
        environment.put("FARGATE_SUBNETS", network.subnetsOf(NetworkStack.TOOLS).stream()
                .map(ISubnet::getSubnetId).collect(Collectors.joining(",")));
        environment.put("FARGATE_SECURITY_GROUPS", network.securityGroups().tools().getSecurityGroupId());
        environment.put("FARGATE_TASK_DEFINITIONS", settings.tools().stream()
                .map(t -> t.name() + "=" + t.family(app)).collect(Collectors.joining(",")));
        environment.put("S3_BUCKET", data.bucket().getBucketName());
        // the launcher's per-user session policies must allow this key (through S3) for SSE-KMS objects
        environment.put("S3_KMS_KEY_ARN", data.key().getKeyArn());
        environment.put("AWS_REGION", getRegion());
        environment.put("STS_BASE_ROLE_ARN", toolRoles.baseToolRole().getRoleArn());
        environment.put("CREDENTIALS_BASE_URL", credentialsUrl);
        // tools and s3sync get http://127.0.0.1:<relay>/task-credentials/aws: their task's metrics sidecar relays
        environment.put("FARGATE_CREDENTIALS_RELAY_PORT", String.valueOf(ToolTaskDefinitions.CREDENTIALS_RELAY_PORT));
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("DATABASE_USER", Secret.fromSecretsManager(databaseSecret, "username"));
        secrets.put("DATABASE_PASSWORD", Secret.fromSecretsManager(databaseSecret, "password"));
        secrets.put("OIDC_CLIENT_SECRET", Secret.fromSecretsManager(oidcSecret));

        server = new ServerService(this, "Server", app, settings, platformCluster, serverTaskRole,
                images.image(settings.serverImage()), environment, secrets, serverLogs,
                immutable("ServerGroup", network.securityGroups().server()), entrance.serverTargets(),
                network.internalNamespace());
        // The imported database secret does not know its key: let ECS decrypt it through Secrets Manager only.
        server.taskDefinition().obtainExecutionRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DecryptSecretsThroughSecretsManager")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals",
                        Map.of("kms:ViaService", "secretsmanager." + getRegion() + ".amazonaws.com")))
                .build());

        DnsFilterRules rules = new DnsFilterRules(config.oidcIssuerHost(), config.network().dnsAllowDomains());
        dnsFilter = new DnsFilterService(this, "DnsFilter", app, settings, platformCluster, network.vpc(),
                network.subnetsOf(NetworkStack.DNS), network.dnsFilterAddresses(),
                images.image(settings.dnsfilterImage()),
                Map.of("DNSFILTER_DNS_HOST", "0.0.0.0",
                        "DNSFILTER_DNS_PORT", String.valueOf(SecurityGroups.DNSFILTER_DNS_PORT),
                        "DNSFILTER_HTTP_HOST", "0.0.0.0",
                        "DNSFILTER_HTTP_PORT", String.valueOf(SecurityGroups.DNSFILTER_HEALTH_PORT),
                        "DNSFILTER_UPSTREAMS", String.join(",", config.network().dnsUpstreamServers())),
                rules,
                dnsfilterLogs, immutable("DnsFilterGroup", network.securityGroups().dnsfilter()));

        CfnOutput.Builder.create(this, "LoadBalancerDnsName")
                .description("Point " + config.rootDomain() + " and *." + config.rootDomain() + " here")
                .value(entrance.loadBalancer().getLoadBalancerDnsName()).build();
        CfnOutput.Builder.create(this, "OidcClientSecretArn")
                .description("Put the real OIDC client secret here")
                .value(oidcSecret.getSecretArn()).build();
        CfnOutput.Builder.create(this, "ToolsClusterName").value(toolsCluster.getClusterName()).build();
    }

    private Cluster cluster(String id, String name, NetworkStack network, PlatformSettings settings) {
        return Cluster.Builder.create(this, id)
                .clusterName(name)
                .vpc(network.vpc())
                .containerInsightsV2(settings.containerInsights() ? ContainerInsights.ENABLED
                        : ContainerInsights.DISABLED)
                .build();
    }

    private LogGroup logGroup(String id, String name, PlatformSettings settings, IKey key) {
        LogGroup group = LogGroup.Builder.create(this, id)
                .logGroupName(name)
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnLogGroup) group.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());
        return group;
    }

    private ISecurityGroup immutable(String id, SecurityGroup group) {
        return SecurityGroup.fromSecurityGroupId(this, id, group.getSecurityGroupId(),
                SecurityGroupImportOptions.builder().mutable(false).allowAllOutbound(group.getAllowAllOutbound())
                        .build());
    }

    /** @return the cluster of the server and dnsfilter */
    public Cluster platformCluster() {
        return platformCluster;
    }

    /** @return the cluster tool tasks run in */
    public Cluster toolsCluster() {
        return toolsCluster;
    }

    /** @return the server tasks' role (the launcher's permissions are attached to it) */
    public Role serverTaskRole() {
        return serverTaskRole;
    }

    /** @return the tool roles */
    public ToolRoles toolRoles() {
        return toolRoles;
    }

    /** @return the tool task definitions' families, by tool name */
    public Map<String, String> toolFamilies() {
        Map<String, String> families = new LinkedHashMap<>();
        toolTasks.byTool().forEach((name, task) -> families.put(name, task.getFamily()));
        return families;
    }

    /** @return the load balancer's DNS name (a token until deployment) */
    public String loadBalancerDnsName() {
        return entrance.loadBalancer().getLoadBalancerDnsName();
    }

    /** @return the dnsfilter service's NLB DNS name (a token until deployment) */
    public String dnsFilterDnsName() {
        return dnsFilter.loadBalancer().getLoadBalancerDnsName();
    }

    /** @return the server service's name */
    public String serverServiceName() {
        return server.service().getServiceName();
    }
}
