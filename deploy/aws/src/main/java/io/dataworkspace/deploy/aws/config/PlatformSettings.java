package io.dataworkspace.deploy.aws.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ECS services, their images and sizes, and the tool templates.
 *
 * @param oidcIssuer                    the organisation's OpenID Connect issuer
 * @param oidcClientId                  the platform's client id at that issuer (the secret goes to Secrets Manager)
 * @param serverImage                   {@code dataworkspace} server image
 * @param dnsfilterImage                dnsfilter image
 * @param s3syncImage                   s3sync sidecar image
 * @param metricsImage                  metrics sidecar image
 * @param serverSize                    server task size
 * @param serverDesiredCount            server tasks (at least 2: proxy and launcher roles in every one)
 * @param serverMaxCount                upper bound for CPU-based auto scaling
 * @param dnsfilterSize                 dnsfilter task size
 * @param dnsfilterDesiredCount         dnsfilter tasks (at least 2, spread over the AZs)
 * @param logRetentionDays              CloudWatch Logs retention for every log group
 * @param dockerHubCredentialsSecretArn secret named {@code ecr-pullthroughcache/...} enabling a Docker Hub cache rule
 * @param s3syncHealthCommand           shell command ECS runs to check the s3sync sidecar (port 8082, /healthz)
 * @param containerInsights             CloudWatch Container Insights on both clusters (extra cost)
 * @param tools                         tool templates
 */
public record PlatformSettings(URI oidcIssuer, String oidcClientId, ImageSource serverImage,
                               ImageSource dnsfilterImage, ImageSource s3syncImage, ImageSource metricsImage,
                               FargateSize serverSize, int serverDesiredCount, int serverMaxCount,
                               FargateSize dnsfilterSize, int dnsfilterDesiredCount, int logRetentionDays,
                               Optional<String> dockerHubCredentialsSecretArn, String s3syncHealthCommand,
                               boolean containerInsights, List<ToolTemplate> tools) {

    /** Retention periods CloudWatch Logs accepts. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** Validates the settings. */
    public PlatformSettings {
        Settings.checkRange("serverDesiredCount", serverDesiredCount, 2, 100);
        Settings.checkRange("serverMaxCount", serverMaxCount, serverDesiredCount, 200);
        Settings.checkRange("dnsfilterDesiredCount", dnsfilterDesiredCount, 2, 20);
        if (!RETENTION_DAYS.contains(logRetentionDays)) {
            throw new ConfigException("logRetentionDays: " + logRetentionDays
                    + " (expected: a CloudWatch Logs retention such as 7, 14, 30, 90, 365)");
        }
        dockerHubCredentialsSecretArn.ifPresent(arn -> {
            if (!arn.contains(":secret:ecr-pullthroughcache/")) {
                throw new ConfigException("dockerHubCredentialsSecretArn: " + arn
                        + " (expected: a Secrets Manager secret named ecr-pullthroughcache/...)");
            }
        });
        if (tools.isEmpty()) {
            throw new ConfigException("tools: empty (expected: at least one tool template, e.g. jupyterlab)");
        }
        if (tools.stream().map(ToolTemplate::name).distinct().count() != tools.size()) {
            throw new ConfigException("tools: a tool is listed twice");
        }
        tools = List.copyOf(tools);
    }

    static PlatformSettings read(Settings s) {
        String version = s.string("version", "0.1.0");
        URI issuer = s.httpsUri("oidcIssuer").orElseThrow(() -> new ConfigException(
                "oidcIssuer is required (your identity provider's issuer URL, e.g. https://login.example.org); "
                        + "pass it with -c oidcIssuer=... or in cdk.json \"context\""));
        return new PlatformSettings(
                issuer,
                s.required("oidcClientId", "the platform's OpenID Connect client id"),
                ImageSource.parse("serverImage", s.string("serverImage", "dataworkspace:" + version)),
                ImageSource.parse("dnsfilterImage", s.string("dnsfilterImage", "dnsfilter:" + version)),
                ImageSource.parse("s3syncImage", s.string("s3syncImage", "s3sync:" + version)),
                ImageSource.parse("metricsImage", s.string("metricsImage", "metrics:" + version)),
                FargateSize.read(s, "serverCpu", "serverMemoryMiB", 1024, 2048),
                s.integer("serverDesiredCount", 2, 0, 1000),
                s.integer("serverMaxCount", Math.max(6, s.integer("serverDesiredCount", 2, 0, 1000)), 0, 1000),
                FargateSize.read(s, "dnsfilterCpu", "dnsfilterMemoryMiB", 256, 512),
                s.integer("dnsfilterDesiredCount", 2, 0, 1000),
                s.integer("logRetentionDays", 30, 1, 10_000),
                s.arn("dockerHubCredentialsSecretArn", "secretsmanager"),
                s.string("s3syncHealthCommand", io.dataworkspace.deploy.aws.images.HealthCommand.http(8082, "/healthz")),
                s.bool("containerInsights", false),
                s.list("tools", List.of(ToolTemplate.DEFAULT_TOOLS)).stream()
                        .map(name -> ToolTemplate.read(s, name))
                        .toList());
    }
}
