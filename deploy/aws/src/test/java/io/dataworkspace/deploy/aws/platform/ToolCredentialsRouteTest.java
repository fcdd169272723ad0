package io.dataworkspace.deploy.aws.platform;

import static io.dataworkspace.deploy.aws.support.Cfn.containers;
import static io.dataworkspace.deploy.aws.support.Cfn.environment;
import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static io.dataworkspace.deploy.aws.support.Cfn.single;
import static io.dataworkspace.deploy.aws.support.Cfn.target;
import static io.dataworkspace.deploy.aws.support.Cfn.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension.VpcOnly;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a tool task gets its scoped credentials: the launcher hands out the metrics sidecar's loopback relay, the
 * relay reaches the server through its Cloud Map name on 8081, and the containers start in an order that has the
 * relay up before the first use. Visualisations have no home folder, hence no s3sync.
 */
@ExtendWith(SynthesizedDeploymentExtension.class)
class ToolCredentialsRouteTest {
    private static final String CREDENTIALS_URL = "http://server.dataworkspace.internal:8081";
    private static SynthesizedDeployment internet;
    private static SynthesizedDeployment vpcOnly;

    @BeforeAll
    static void synthesize(SynthesizedDeployment internetFacing, @VpcOnly SynthesizedDeployment internal) {
        internet = internetFacing;
        vpcOnly = internal;
    }

    @Test
    void shouldGiveEveryToolTasksMetricsSidecarTheRelayTowardsTheServer() {
        for (SynthesizedDeployment deployment : List.of(internet, vpcOnly)) {
            for (String tool : deployment.config().platform().tools().stream().map(t -> t.name()).toList()) {
                Map<String, Map<String, Object>> containers =
                        containers(taskDefinition(deployment.platform(), "dataworkspace-tool-" + tool));
                Map<String, Object> metrics = containers.get("metrics");
                assertThat(environment(metrics)).as(tool)
                        .containsEntry("METRICS_CREDENTIALS_UPSTREAM", CREDENTIALS_URL)
                        .containsEntry("METRICS_CREDENTIALS_RELAY_PORT", "9780")
                        .containsEntry("METRICS_PORT", "9100");
                assertThat(metrics.get("Essential")).as(tool).isEqualTo(false);
                // the relay listens on loopback only: nothing outside the task may reach it
                assertThat(metrics.get("PortMappings").toString()).as(tool).doesNotContain("9780");
            }
        }
    }

    @Test
    void shouldStartTheMetricsSidecarBeforeS3syncAndTheTool() {
        Map<String, Map<String, Object>> containers =
                containers(taskDefinition(internet.platform(), "dataworkspace-tool-jupyterlab"));
        assertThat(containers.get("s3sync").get("DependsOn"))
                .isEqualTo(List.of(Map.of("Condition", "START", "ContainerName", "metrics")));
        // the tool waits for s3sync's health (home folder downloaded), which itself started after metrics
        assertThat(containers.get("tool").get("DependsOn"))
                .isEqualTo(List.of(Map.of("Condition", "HEALTHY", "ContainerName", "s3sync")));
        assertThat(containers.get("metrics")).doesNotContainKey("DependsOn");
    }

    @Test
    void shouldGiveVisualisationTaskDefinitionsNoS3syncAndNoHomeVolume() {
        Map<String, Object> task = taskDefinition(vpcOnly.platform(), "dataworkspace-tool-dashboard");
        Map<String, Map<String, Object>> containers = containers(task);
        assertThat(containers).containsOnlyKeys("tool", "metrics");
        assertThat(containers.get("tool").get("DependsOn"))
                .isEqualTo(List.of(Map.of("Condition", "START", "ContainerName", "metrics")));
        assertThat(containers.get("tool")).doesNotContainKey("MountPoints");
        assertThat(task).doesNotContainKey("Volumes");
        assertThat(containers.get("tool").get("PortMappings").toString()).contains("ContainerPort=8050");
        // the tools next to it keep theirs
        assertThat(containers(taskDefinition(vpcOnly.platform(), "dataworkspace-tool-rstudio")))
                .containsOnlyKeys("tool", "s3sync", "metrics");
        assertThat(vpcOnly.platform().toJSON().toString()).doesNotContain("dashboard-s3sync");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldTellTheLauncherToHandOutTheLoopbackRelay() {
        Map<String, Object> task = taskDefinition(internet.platform(), "dataworkspace-server");
        Map<String, String> environment = environment(containers(task).get("server"));
        assertThat(environment)
                .containsEntry("FARGATE_CREDENTIALS_RELAY_PORT", "9780")
                .containsEntry("CREDENTIALS_BASE_URL", CREDENTIALS_URL);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRegisterTheServerTasksInThePrivateNamespaceAsARecords() {
        Map<String, Object> namespace = props(single(internet.network(),
                "AWS::ServiceDiscovery::PrivateDnsNamespace"));
        assertThat(namespace.get("Name")).isEqualTo("dataworkspace.internal");
        assertThat(target(namespace.get("Vpc"))).startsWith("Vpc");

        Map<String, Object> discovery = props(single(internet.platform(), "AWS::ServiceDiscovery::Service"));
        assertThat(discovery.get("Name")).isEqualTo("server");
        Map<String, Object> dns = (Map<String, Object>) discovery.get("DnsConfig");
        assertThat(dns.get("RoutingPolicy")).isEqualTo("MULTIVALUE");
        assertThat(list(dns.get("DnsRecords"))).containsExactly(Map.of("Type", "A", "TTL", 10));
        assertThat(dns.get("NamespaceId").toString()).contains("Fn::ImportValue").contains("Internal");

        String discoveryId = resources(internet.platform(), "AWS::ServiceDiscovery::Service").keySet().iterator()
                .next();
        Map<String, Object> server = resources(internet.platform(), "AWS::ECS::Service").values().stream()
                .map(r -> props(r))
                .filter(p -> "dataworkspace-server".equals(p.get("ServiceName")))
                .findFirst().orElseThrow();
        Map<String, Object> registry = (Map<String, Object>) list(server.get("ServiceRegistries")).get(0);
        assertThat(target(registry.get("RegistryArn"))).isEqualTo(discoveryId);
    }

    @Test
    void shouldLetTheVpcResolverAnswerThePrivateNamespaceInsteadOfDnsfilter() {
        assertThat(resources(internet.network(), "AWS::Route53Resolver::ResolverRule").values().stream()
                .map(r -> props(r))
                .filter(p -> "SYSTEM".equals(p.get("RuleType")))
                .map(p -> p.get("DomainName")))
                .contains("dataworkspace.internal", "amazonaws.com");
    }

    @Test
    void shouldAllowToolsToReachOnlyTheServersCredentialsPort() {
        List<String> toolsToServer = resources(internet.network(), "AWS::EC2::SecurityGroupIngress").values()
                .stream().map(r -> props(r))
                .filter(p -> String.valueOf(target(p.get("SourceSecurityGroupId"))).contains("Tools")
                        && String.valueOf(target(p.get("GroupId"))).contains("Server"))
                .map(p -> p.get("FromPort") + "-" + p.get("ToPort"))
                .toList();
        assertThat(toolsToServer).containsExactly("8081-8081");
    }
}
