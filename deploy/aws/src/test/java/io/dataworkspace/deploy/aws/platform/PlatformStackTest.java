package io.dataworkspace.deploy.aws.platform;

import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static io.dataworkspace.deploy.aws.support.Cfn.single;
import static io.dataworkspace.deploy.aws.support.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(SynthesizedDeploymentExtension.class)
class PlatformStackTest {
    private static final String ROOT = SynthesizedDeployment.ROOT;
    private static SynthesizedDeployment deployment;
    private static Template platform;

    @BeforeAll
    static void synthesize(SynthesizedDeployment synthesized) {
        deployment = synthesized;
        platform = synthesized.platform();
    }

    private static String serverTargetGroup() {
        return resources(platform, "AWS::ElasticLoadBalancingV2::TargetGroup").entrySet().stream()
                .filter(e -> "HTTP".equals(props(e.getValue()).get("Protocol")))
                .map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> listener(Object port) {
        return resources(platform, "AWS::ElasticLoadBalancingV2::Listener").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> port.equals(p.get("Port")) && target(p.get("LoadBalancerArn")).startsWith("EntranceAlb"))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldExposeAPublicAlbInTheInternetFacingVariant() {
        Map<String, Object> alb = resources(platform, "AWS::ElasticLoadBalancingV2::LoadBalancer").entrySet()
                .stream().filter(e -> e.getKey().startsWith("EntranceAlb")).map(e -> props(e.getValue()))
                .findFirst().orElseThrow();
        assertThat(alb.get("Scheme")).isEqualTo("internet-facing");
        assertThat(alb.get("Subnets").toString()).contains("publicSubnet").doesNotContain("platformSubnet");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldForwardRootAndWildcardHostsToTheServerAndRejectOthers() {
        String httpsListener = resources(platform, "AWS::ElasticLoadBalancingV2::Listener").entrySet().stream()
                .filter(e -> Integer.valueOf(443).equals(props(e.getValue()).get("Port")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> hostsToTargets = resources(platform, "AWS::ElasticLoadBalancingV2::ListenerRule")
                .values().stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> httpsListener.equals(target(p.get("ListenerArn"))))
                .collect(Collectors.toMap(
                        p -> {
                            Map<String, Object> condition = (Map<String, Object>) list(p.get("Conditions")).get(0);
                            assertThat(condition.get("Field")).isEqualTo("host-header");
                            return list(((Map<String, Object>) condition.get("HostHeaderConfig")).get("Values"))
                                    .get(0).toString();
                        },
                        p -> {
                            Map<String, Object> action = (Map<String, Object>) list(p.get("Actions")).get(0);
                            return action.get("Type") + ":" + target(action.get("TargetGroupArn"));
                        }));
        assertThat(hostsToTargets).containsExactlyInAnyOrderEntriesOf(Map.of(
                ROOT, "forward:" + serverTargetGroup(),
                "*." + ROOT, "forward:" + serverTargetGroup()));

        Map<String, Object> https = listener(443);
        assertThat(https.get("Protocol")).isEqualTo("HTTPS");
        assertThat(https.get("SslPolicy").toString()).contains("TLS13");
        Map<String, Object> defaultAction = (Map<String, Object>) list(https.get("DefaultActions")).get(0);
        assertThat(defaultAction.get("Type")).isEqualTo("fixed-response");
        assertThat(((Map<String, Object>) defaultAction.get("FixedResponseConfig")).get("StatusCode"))
                .isEqualTo("404");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRedirectHttpToHttps() {
        Map<String, Object> http = listener(80);
        Map<String, Object> action = (Map<String, Object>) list(http.get("DefaultActions")).get(0);
        assertThat(action.get("Type")).isEqualTo("redirect");
        assertThat((Map<String, Object>) action.get("RedirectConfig"))
                .containsEntry("Protocol", "HTTPS").containsEntry("Port", "443").containsEntry("StatusCode", "HTTP_301");
    }

    @Test
    void shouldCheckServerHealthOnHealthz() {
        Map<String, Object> group = props(platform.findResources("AWS::ElasticLoadBalancingV2::TargetGroup")
                .get(serverTargetGroup()));
        assertThat(group).containsEntry("HealthCheckPath", "/healthz").containsEntry("Port", 8080)
                .containsEntry("TargetType", "ip");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRequestAWildcardCertificateValidatedInTheHostedZone() {
        Map<String, Object> certificate = props(single(platform, "AWS::CertificateManager::Certificate"));
        assertThat(certificate.get("DomainName")).isEqualTo(ROOT);
        assertThat(list(certificate.get("SubjectAlternativeNames"))).containsExactly("*." + ROOT);
        assertThat(certificate.get("ValidationMethod")).isEqualTo("DNS");
        assertThat(list(certificate.get("DomainValidationOptions")).toString()).contains("Z0123456789ABCDEFGHIJ");
        assertThat(resources(platform, "AWS::Route53::RecordSet").values().stream()
                .map(r -> props(r).get("Name").toString()))
                .containsExactlyInAnyOrder(ROOT + ".", "*." + ROOT + ".");
    }

    @Test
    void shouldAttachTheWafWebAcl() {
        Map<String, Object> association = props(single(platform, "AWS::WAFv2::WebACLAssociation"));
        assertThat(association.get("WebACLArn")).isEqualTo(SynthesizedDeployment.WAF_ACL);
        assertThat(target(association.get("ResourceArn"))).startsWith("EntranceAlb");
    }

    private static Map<String, Object> taskDefinition(String family) {
        return io.dataworkspace.deploy.aws.support.Cfn.taskDefinition(platform, family);
    }

    private static Map<String, Map<String, Object>> containers(Map<String, Object> taskDefinition) {
        return io.dataworkspace.deploy.aws.support.Cfn.containers(taskDefinition);
    }

    private static Map<String, Object> service(String name) {
        return resources(platform, "AWS::ECS::Service").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> name.equals(p.get("ServiceName")))
                .findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTwoServerTasksPrivatelyBehindTheAlb() {
        Map<String, Object> server = service("dataworkspace-server");
        assertThat(server.get("DesiredCount")).isEqualTo(2);
        assertThat(server.get("LaunchType")).isEqualTo("FARGATE");
        Map<String, Object> vpc = (Map<String, Object>) ((Map<String, Object>) server.get("NetworkConfiguration"))
                .get("AwsvpcConfiguration");
        assertThat(vpc.get("AssignPublicIp")).isEqualTo("DISABLED");
        assertThat(vpc.get("Subnets").toString()).contains("platformSubnet");
        Map<String, Object> loadBalancer = (Map<String, Object>) list(server.get("LoadBalancers")).get(0);
        assertThat(target(loadBalancer.get("TargetGroupArn"))).isEqualTo(serverTargetGroup());
        assertThat(loadBalancer.get("ContainerPort")).isEqualTo(8080);
        assertThat(((Map<String, Object>) server.get("DeploymentConfiguration")).get("MinimumHealthyPercent"))
                .isEqualTo(100);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldConfigureTheServerForFargateWithSecretsFromSecretsManager() {
        Map<String, Object> container = containers(taskDefinition("dataworkspace-server")).get("server");
        Map<String, Object> environment = list(container.get("Environment")).stream()
                .map(e -> (Map<String, Object>) e)
                .collect(Collectors.toMap(e -> e.get("Name").toString(), e -> e.get("Value")));
        assertThat(environment).containsKeys("DATABASE_URL", "PUBLIC_URL", "PROXY_HOST", "OIDC_ISSUER", "OIDC_CLIENT_ID",
                "BACKEND", "FARGATE_CLUSTER", "FARGATE_SUBNETS", "FARGATE_SECURITY_GROUPS", "S3_BUCKET",
                "AWS_REGION", "STS_BASE_ROLE_ARN", "FARGATE_TASK_DEFINITIONS", "S3_KMS_KEY_ARN");
        assertThat(environment).containsEntry("BACKEND", "fargate")
                .containsEntry("PUBLIC_URL", "https://" + ROOT)
                .containsEntry("PROXY_HOST", "0.0.0.0")
                .containsEntry("OIDC_ISSUER", "https://sso.example.org/realms/staff")
                .containsEntry("OIDC_CLIENT_ID", "dataworkspace")
                .containsEntry("AWS_REGION", SynthesizedDeployment.REGION)
                .containsEntry("FARGATE_TASK_DEFINITIONS", "jupyterlab=dataworkspace-tool-jupyterlab");
        assertThat(environment.get("DATABASE_URL").toString()).contains("jdbc:postgresql://");
        assertThat(environment.get("FARGATE_SUBNETS").toString()).contains("toolsSubnet1").contains("toolsSubnet2");
        assertThat(environment.get("FARGATE_SECURITY_GROUPS").toString()).contains("SecurityGroupsTools");
        assertThat(target(environment.get("FARGATE_CLUSTER"))).startsWith("ToolsCluster");
        assertThat(target(environment.get("STS_BASE_ROLE_ARN"))).startsWith("ToolRolesBaseToolRole");

        Map<String, String> secrets = list(container.get("Secrets")).stream()
                .map(e -> (Map<String, Object>) e)
                .collect(Collectors.toMap(e -> e.get("Name").toString(), e -> e.get("ValueFrom").toString()));
        assertThat(secrets).containsOnlyKeys("DATABASE_USER", "DATABASE_PASSWORD", "OIDC_CLIENT_SECRET");
        assertThat(secrets.get("DATABASE_USER")).contains("DatabaseSecret").endsWith(":username::]]}");
        assertThat(secrets.get("DATABASE_PASSWORD")).endsWith(":password::]]}");
        assertThat(secrets.get("OIDC_CLIENT_SECRET")).contains("OidcClientSecret");
        assertThat(environment.values().toString()).doesNotContainIgnoringCase("password=");

        assertThat(container.get("Image").toString())
                .contains(SynthesizedDeployment.ACCOUNT + ".dkr.ecr." + SynthesizedDeployment.REGION + ".")
                .contains("/dataworkspace:0.1.0");
        assertThat(container.get("PortMappings").toString()).contains("ContainerPort=8080")
                .contains("ContainerPort=8081");
        assertThat(container.get("LogConfiguration").toString()).contains("awslogs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunDnsfilterOnTwoTasksBehindAnInternalUdpAndTcpNlbAtTheResolverTargets() {
        assertThat(service("dataworkspace-dnsfilter").get("DesiredCount")).isEqualTo(2);
        Map<String, Object> nlb = resources(platform, "AWS::ElasticLoadBalancingV2::LoadBalancer").entrySet()
                .stream().filter(e -> e.getKey().startsWith("DnsFilterNlb")).map(e -> props(e.getValue()))
                .findFirst().orElseThrow();
        assertThat(nlb.get("Scheme")).isEqualTo("internal");
        assertThat(nlb.get("Type")).isEqualTo("network");
        assertThat(list(nlb.get("SubnetMappings")))
                .extracting(m -> ((Map<String, Object>) m).get("PrivateIPv4Address"))
                .containsExactlyElementsOf(deployment.stacks().network().dnsFilterAddresses());

        List<Map<String, Object>> listeners = resources(platform, "AWS::ElasticLoadBalancingV2::Listener")
                .values().stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> target(p.get("LoadBalancerArn")).startsWith("DnsFilterNlb"))
                .toList();
        assertThat(listeners).extracting(p -> p.get("Protocol") + ":" + p.get("Port"))
                .containsExactlyInAnyOrder("UDP:53", "TCP:53");

        List<Map<String, Object>> groups = resources(platform, "AWS::ElasticLoadBalancingV2::TargetGroup")
                .values().stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> !"HTTP".equals(p.get("Protocol")))
                .toList();
        assertThat(groups).hasSize(2).allSatisfy(group -> assertThat(group)
                .containsEntry("Port", 5353)
                .containsEntry("HealthCheckProtocol", "HTTP")
                .containsEntry("HealthCheckPort", "8053")
                .containsEntry("HealthCheckPath", "/healthz"));
    }

    @Test
    void shouldGiveDnsfilterItsRulesFileGeneratedFromContext() {
        Map<String, Object> dnsfilter = containers(taskDefinition("dataworkspace-dnsfilter")).get("dnsfilter");
        Map<String, String> environment = io.dataworkspace.deploy.aws.support.Cfn.environment(dnsfilter);
        // the variables dnsfilter reads (dnsfilter/README.md), and nothing it ignores
        assertThat(environment).containsEntry("DNSFILTER_RULES_FILE", "/tmp/dnsfilter/rules.yaml")
                .containsEntry("DNSFILTER_UPSTREAMS", "1.1.1.1,8.8.8.8")
                .containsEntry("DNSFILTER_DNS_PORT", "5353")
                .containsEntry("DNSFILTER_HTTP_PORT", "8053")
                .doesNotContainKey("ALLOWED_DOMAINS");
        assertThat(environment.get("DNSFILTER_RULES_YAML")).isEqualTo("""
                # generated by deploy/aws from CDK context (oidcIssuer, dnsAllowDomains); first match wins
                rules:
                  # the OIDC issuer: the server signs users in through it
                  - allow: ["sso.example.org"]
                  # everything else is refused
                  - deny: "*"
                """);
        // the entrypoint writes that variable to that file, then runs the image's own command
        assertThat(list(dnsfilter.get("EntryPoint"))).hasSize(3).startsWith("bash", "-c");
        assertThat(list(dnsfilter.get("EntryPoint")).get(2).toString())
                .contains("> \"$DNSFILTER_RULES_FILE\"")
                .endsWith("; exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:MetaspaceSize=64m "
                        + "-cp @/app/jib-classpath-file io.dataworkspace.dnsfilter.Main");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDefineToolTasksWithS3syncAndMetricsSidecarsLoggingToCloudWatch() {
        Map<String, Object> task = taskDefinition("dataworkspace-tool-jupyterlab");
        assertThat(task.get("RequiresCompatibilities")).isEqualTo(List.of("FARGATE"));
        assertThat(task.get("NetworkMode")).isEqualTo("awsvpc");
        Map<String, Map<String, Object>> containers = containers(task);
        assertThat(containers).containsOnlyKeys("tool", "s3sync", "metrics");
        assertThat(containers.values()).allSatisfy(c -> assertThat(c.get("LogConfiguration").toString())
                .contains("LogDriver=awslogs").contains("ToolLogs"));

        Map<String, Object> tool = containers.get("tool");
        assertThat(tool.get("PortMappings").toString()).contains("ContainerPort=8888");
        assertThat(tool.get("Image").toString()).contains("/quay/jupyter/scipy-notebook:latest");
        assertThat(tool.get("DependsOn")).isEqualTo(List.of(Map.of("Condition", "HEALTHY",
                "ContainerName", "s3sync")));
        // bash's /dev/tcp, not curl, which the JRE base image may not have (deploy/images/README.md)
        assertThat(containers.get("s3sync").get("HealthCheck").toString())
                .contains("CMD-SHELL, bash -c 'exec 3<>/dev/tcp/127.0.0.1/8082", "GET /healthz HTTP/1.0")
                .doesNotContain("curl");
        assertThat(containers.get("s3sync").get("Essential")).isEqualTo(true);
        // the names sidecars/s3sync reads (its S3SYNC_PREFIX is set per instance by the launcher)
        assertThat(containers.get("s3sync").get("Environment").toString())
                .contains("S3SYNC_BUCKET", "S3SYNC_LOCAL_DIR", "S3SYNC_HTTP_PORT")
                .doesNotContain("SYNC_PATH");
        assertThat(containers.get("metrics").get("PortMappings").toString()).contains("ContainerPort=9100");
        assertThat(containers.get("metrics").get("Essential")).isEqualTo(false);
        // no task role: its AWS_CONTAINER_CREDENTIALS_RELATIVE_URI would win over the launcher's scoped credentials
        assertThat(task).doesNotContainKey("TaskRoleArn");
        assertThat(target(task.get("ExecutionRoleArn"))).startsWith("ToolRolesToolExecutionRole");
    }

    @Test
    void shouldCacheQuayAndEcrPublicImagesThroughEcr() {
        assertThat(resources(platform, "AWS::ECR::PullThroughCacheRule").values().stream()
                .map(r -> props(r).get("EcrRepositoryPrefix") + "=" + props(r).get("UpstreamRegistryUrl")))
                .containsExactlyInAnyOrder("quay=quay.io", "ecr-public=public.ecr.aws");
    }

    @Test
    void shouldKeepLogsEncryptedWithTheCustomerKeyForTheConfiguredRetention() {
        assertThat(resources(platform, "AWS::Logs::LogGroup").values()).hasSize(3).allSatisfy(group -> {
            assertThat(props(group).get("RetentionInDays")).isEqualTo(30);
            assertThat(props(group).get("KmsKeyId").toString()).contains("Key");
        });
    }

    @Test
    void shouldKeepTheOidcClientSecretInSecretsManager() {
        Map<String, Object> secret = props(single(platform, "AWS::SecretsManager::Secret"));
        assertThat(secret.get("Name")).isEqualTo("dataworkspace/oidc-client-secret");
        assertThat(secret.get("KmsKeyId").toString()).contains("Key");
    }
}
