package io.dataworkspace.deploy.aws.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything the CDK app needs, read once from CDK context (a flat {@code Map<String,String>}) and validated here,
 * so a mistake fails {@code cdk synth} with one sentence instead of a half-finished deployment.
 *
 * @param appName          prefix of every physical name (stacks, clusters, task families), e.g. {@code dataworkspace}
 * @param rootDomain       the root host users open; tools live on {@code *.rootDomain}
 * @param costCentre       value of the cost-centre tag put on every resource
 * @param costCentreTagKey key of that tag
 * @param account          target account, empty for the CLI's default ({@code CDK_DEFAULT_ACCOUNT})
 * @param region           target region, empty for the CLI's default ({@code CDK_DEFAULT_REGION})
 * @param network          VPC and DNS settings
 * @param entrance         load balancer, TLS and variant settings
 * @param data             database and bucket settings
 * @param platform         services, images and tools
 */
public record DeploymentConfig(String appName, String rootDomain, String costCentre, String costCentreTagKey,
                               Optional<String> account, Optional<String> region, NetworkSettings network,
                               EntranceSettings entrance, DataSettings data, PlatformSettings platform) {

    /** Tag key and value every resource carries. */
    public static final String APPLICATION_TAG_KEY = "Application";
    /** Value of the {@link #APPLICATION_TAG_KEY} tag. */
    public static final String APPLICATION_TAG_VALUE = "dataworkspace";

    private static final Set<String> KEYS = Set.of(
            "appName", "rootDomain", "costCentre", "costCentreTagKey", "account", "region", "version",
            "vpcCidr", "maxAzs", "natGateways", "dnsUpstreamServers", "dnsPassthroughDomains", "dnsAllowDomains",
            "exposure", "certificateArn", "hostedZoneId", "hostedZoneName", "wafWebAclArn", "ingressCidrs",
            "albIdleTimeoutSeconds",
            "dbEngineVersion", "dbMinAcu", "dbMaxAcu", "dbReaders", "dbBackupRetentionDays", "bucketName",
            "noncurrentVersionDays", "terminationProtection",
            "oidcIssuer", "oidcClientId", "serverImage", "dnsfilterImage", "s3syncImage", "metricsImage",
            "serverCpu", "serverMemoryMiB", "serverDesiredCount", "serverMaxCount", "dnsfilterCpu",
            "dnsfilterMemoryMiB", "dnsfilterDesiredCount", "logRetentionDays", "dockerHubCredentialsSecretArn",
            "s3syncHealthCommand", "containerInsights", "tools");
    private static final Set<String> TOOL_KEYS = Set.of(
            "kind", "image", "cpu", "memoryMiB", "port", "homePath", "command", "ephemeralStorageGiB");

    /** Validates the top-level values; nested records validate themselves. */
    public DeploymentConfig {
        if (!appName.matches("[a-z][a-z0-9-]{1,19}")) {
            throw new ConfigException("appName: " + appName
                    + " (expected: 2 to 20 lower-case letters, digits or '-', starting with a letter)");
        }
        NetworkSettings.checkDomain("rootDomain", rootDomain);
        if (!rootDomain.contains(".")) {
            throw new ConfigException("rootDomain: " + rootDomain + " (expected: a DNS name like data.example.org)");
        }
        if (!costCentre.matches("[\\p{L}\\p{N} _.:/=+@-]{1,256}")) {
            throw new ConfigException("costCentre: " + costCentre + " (expected: a valid AWS tag value)");
        }
        if (!costCentreTagKey.matches("[\\p{L}\\p{N} _.:/=+@-]{1,128}") || costCentreTagKey.startsWith("aws:")) {
            throw new ConfigException("costCentreTagKey: " + costCentreTagKey + " (expected: a valid AWS tag key)");
        }
        account.ifPresent(a -> {
            if (!a.matches("[0-9]{12}")) {
                throw new ConfigException("account: " + a + " (expected: a 12-digit AWS account id)");
            }
        });
        region.ifPresent(r -> {
            if (!r.matches("[a-z]{2}(-[a-z]+)+-[0-9]")) {
                throw new ConfigException("region: " + r + " (expected: an AWS region such as eu-west-2)");
            }
        });
        entrance.hostedZoneName().ifPresent(zone -> {
            if (!rootDomain.equals(zone) && !rootDomain.endsWith("." + zone)) {
                throw new ConfigException("hostedZoneName: " + zone + " (expected: rootDomain " + rootDomain
                        + " or one of its parents)");
            }
        });
    }

    /**
     * Reads and validates the configuration.
     *
     * @param context CDK context values as strings; keys containing ':', '@' or '/' (CDK's own flags) are ignored
     * @return the validated configuration
     * @throws ConfigException naming the first missing, unknown or invalid key
     */
    public static DeploymentConfig fromMap(Map<String, String> context) {
        Settings s = new Settings(context);
        String rootDomain = s.required("rootDomain", "the host users open, e.g. data.example.org")
                .toLowerCase(java.util.Locale.ROOT);
        PlatformSettings platform = PlatformSettings.read(s);
        rejectUnknownKeys(context, platform);
        return new DeploymentConfig(
                s.string("appName", "dataworkspace"),
                rootDomain,
                s.string("costCentre", "unallocated"),
                s.string("costCentreTagKey", "CostCentre"),
                s.optional("account"),
                s.optional("region"),
                NetworkSettings.read(s),
                EntranceSettings.read(s),
                DataSettings.read(s),
                platform);
    }

    private static void rejectUnknownKeys(Map<String, String> context, PlatformSettings platform) {
        Set<String> toolNames = platform.tools().stream().map(ToolTemplate::name).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (String key : context.keySet()) {
            if (key.contains(":") || key.contains("@") || key.contains("/") || KEYS.contains(key)) {
                continue;
            }
            String[] parts = key.split("\\.");
            if (parts.length == 3 && parts[0].equals("tool") && TOOL_KEYS.contains(parts[2])) {
                if (!toolNames.contains(parts[1])) {
                    throw new ConfigException(key + ": tool " + parts[1] + " is not in tools (" + toolNames + ")");
                }
                continue;
            }
            unknown.add(key);
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown context key(s) " + unknown
                    + " (expected: keys listed in deploy/aws/README.md)");
        }
    }

    /** @return the OIDC issuer's host, which dnsfilter must resolve for the platform's sign-in */
    public String oidcIssuerHost() {
        return platform.oidcIssuer().getHost();
    }
}
