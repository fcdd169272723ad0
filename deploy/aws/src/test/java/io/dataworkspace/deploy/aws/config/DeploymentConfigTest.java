package io.dataworkspace.deploy.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> context = new HashMap<>();
        context.put("rootDomain", "data.example.org");
        context.put("oidcIssuer", "https://sso.example.org");
        context.put("oidcClientId", "dw");
        return context;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> context = minimal();
        context.put(key, value);
        return context;
    }

    @Test
    void shouldApplySaneDefaults() {
        DeploymentConfig config = DeploymentConfig.fromMap(minimal());
        assertThat(config.appName()).isEqualTo("dataworkspace");
        assertThat(config.costCentre()).isEqualTo("unallocated");
        assertThat(config.entrance().exposure()).isEqualTo(Exposure.INTERNET_FACING);
        assertThat(config.network().vpcCidr()).isEqualTo("10.40.0.0/16");
        assertThat(config.network().natGateways()).isEqualTo(2);
        assertThat(config.network().dnsPassthroughDomains()).contains("amazonaws.com");
        assertThat(config.data().dbMinAcu()).isEqualTo(0.5);
        assertThat(config.data().dbReaders()).isEqualTo(1);
        assertThat(config.data().terminationProtection()).isTrue();
        assertThat(config.platform().serverDesiredCount()).isEqualTo(2);
        assertThat(config.platform().dnsfilterDesiredCount()).isEqualTo(2);
        assertThat(config.platform().serverImage()).isEqualTo(new ImageSource.Ecr("dataworkspace", "0.1.0"));
        assertThat(config.platform().tools()).extracting(ToolTemplate::name).containsExactly("jupyterlab");
        assertThat(config.platform().tools().get(0).command()).contains("--ServerApp.token=");
        assertThat(config.oidcIssuerHost()).isEqualTo("sso.example.org");
    }

    @Test
    void shouldUseTheVersionForDefaultImages() {
        DeploymentConfig config = DeploymentConfig.fromMap(with("version", "1.2.3"));
        assertThat(config.platform().dnsfilterImage()).isEqualTo(new ImageSource.Ecr("dnsfilter", "1.2.3"));
        assertThat(config.platform().metricsImage()).isEqualTo(new ImageSource.Ecr("metrics", "1.2.3"));
    }

    @Test
    void shouldRequireRootDomainOidcIssuerAndClientId() {
        for (String key : List.of("rootDomain", "oidcIssuer", "oidcClientId")) {
            Map<String, String> context = minimal();
            context.remove(key);
            assertThatThrownBy(() -> DeploymentConfig.fromMap(context))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + " is required");
        }
    }

    @Test
    void shouldRejectBadValuesWithASentenceNamingTheKey() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("exposure", "public"),
                Map.entry("serverDesiredCount", "1"),
                Map.entry("dnsfilterDesiredCount", "1"),
                Map.entry("vpcCidr", "10.0.0.0/8"),
                Map.entry("oidcIssuer", "http://sso.example.org"),
                Map.entry("logRetentionDays", "42"),
                Map.entry("serverCpu", "3000"),
                Map.entry("dbMaxAcu", "0.25"),
                Map.entry("appName", "Data_Workspace"),
                Map.entry("dnsUpstreamServers", "169.254.169.253"),
                Map.entry("certificateArn", "not-an-arn"),
                Map.entry("terminationProtection", "maybe"),
                Map.entry("natGateways", "3"),
                Map.entry("account", "12345"));
        cases.forEach((key, value) -> assertThatThrownBy(() -> DeploymentConfig.fromMap(with(key, value)))
                .as(key + "=" + value)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key.replace("serverCpu", "serverCpu/serverMemoryMiB"))
                .hasMessageContaining("expected"));
    }

    @Test
    void shouldRejectAnInvalidFargateSize() {
        Map<String, String> context = with("serverCpu", "512");
        context.put("serverMemoryMiB", "512");
        assertThatThrownBy(() -> DeploymentConfig.fromMap(context))
                .hasMessage("serverCpu/serverMemoryMiB: memory for cpu 512: 512 MiB (expected: 1024 to 4096 in steps "
                        + "of 1024)");
    }

    @Test
    void shouldRejectWafOnTheVpcOnlyVariant() {
        Map<String, String> context = with("exposure", "vpc-only");
        context.put("wafWebAclArn", "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/x/y");
        assertThatThrownBy(() -> DeploymentConfig.fromMap(context))
                .hasMessageContaining("wafWebAclArn").hasMessageContaining("exposure=internet-facing");
    }

    @Test
    void shouldRejectUnknownKeysButIgnoreCdkFlags() {
        Map<String, String> context = with("serverDesiredCuont", "3");
        assertThatThrownBy(() -> DeploymentConfig.fromMap(context))
                .hasMessageContaining("unknown context key(s) [serverDesiredCuont]");
        Map<String, String> flags = with("@aws-cdk/core:defaultCrossStackReferences", "strong");
        flags.put("aws:cdk:enable-path-metadata", "true");
        assertThat(DeploymentConfig.fromMap(flags).appName()).isEqualTo("dataworkspace");
    }

    @Test
    void shouldRequireAnImageForToolsWithoutADefault() {
        Map<String, String> context = with("tools", "jupyterlab,rstudio");
        assertThatThrownBy(() -> DeploymentConfig.fromMap(context))
                .hasMessageContaining("tool.rstudio.image is required");
        context.put("tool.rstudio.image", "docker-hub/rocker/rstudio:4.4.2");
        context.put("tool.rstudio.port", "8787");
        ToolTemplate rstudio = DeploymentConfig.fromMap(context).platform().tools().get(1);
        assertThat(rstudio.image()).isEqualTo(new ImageSource.Ecr("docker-hub/rocker/rstudio", "4.4.2"));
        assertThat(rstudio.port()).isEqualTo(8787);
        assertThat(rstudio.command()).isEmpty();
        assertThat(rstudio.family("dw")).isEqualTo("dw-tool-rstudio");
    }

    @Test
    void shouldRejectSettingsForToolsThatAreNotListed() {
        assertThatThrownBy(() -> DeploymentConfig.fromMap(with("tool.pgadmin.image", "x:1")))
                .hasMessageContaining("tool pgadmin is not in tools");
    }

    @Test
    void shouldRejectAToolPortUsedByASidecar() {
        assertThatThrownBy(() -> DeploymentConfig.fromMap(with("tool.jupyterlab.port", "9100")))
                .hasMessageContaining("used by sidecars");
        // the metrics sidecar's credentials relay, on the task's shared loopback
        assertThatThrownBy(() -> DeploymentConfig.fromMap(with("tool.jupyterlab.port", "9780")))
                .hasMessage("tool.jupyterlab.port: 9780 (expected: not 8082, 9100 or 9780, used by sidecars)");
    }

    @Test
    void shouldReadTheKindOfATemplate() {
        assertThat(DeploymentConfig.fromMap(minimal()).platform().tools().get(0).kind()).isEqualTo(ToolKind.TOOL);
        ToolTemplate dashboard = DeploymentConfig.fromMap(with("tool.jupyterlab.kind", "Visualisation"))
                .platform().tools().get(0);
        assertThat(dashboard.kind()).isEqualTo(ToolKind.VISUALISATION);
        assertThat(dashboard.hasHomeFolder()).isFalse();
        assertThatThrownBy(() -> DeploymentConfig.fromMap(with("tool.jupyterlab.kind", "app")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tool.jupyterlab.kind: app (expected: tool or visualisation)");
    }

    @Test
    void shouldParseImageReferences() {
        assertThat(ImageSource.parse("k", "dataworkspace:0.1.0"))
                .isEqualTo(new ImageSource.Ecr("dataworkspace", "0.1.0"));
        assertThat(ImageSource.parse("k", "quay/jupyter/scipy-notebook@sha256:abc"))
                .isEqualTo(new ImageSource.Ecr("quay/jupyter/scipy-notebook", "sha256:abc"));
        assertThat(ImageSource.parse("k", "public.ecr.aws/org/image:1.2"))
                .isEqualTo(new ImageSource.Registry("public.ecr.aws/org/image:1.2"));
        assertThat(ImageSource.parse("k", "localhost:5000/x:1")).isInstanceOf(ImageSource.Registry.class);
        assertThatThrownBy(() -> ImageSource.parse("serverImage", "dataworkspace"))
                .hasMessageContaining("serverImage").hasMessageContaining("repository:tag");
    }

    @Test
    void shouldRequireTheHostedZoneToContainTheRootDomain() {
        Map<String, String> context = with("hostedZoneId", "Z1");
        context.put("hostedZoneName", "other.org");
        assertThatThrownBy(() -> DeploymentConfig.fromMap(context)).hasMessageContaining("hostedZoneName: other.org");
        context.put("hostedZoneName", "example.org.");
        assertThat(DeploymentConfig.fromMap(context).entrance().hostedZoneName()).contains("example.org");
    }
}
