package io.dataworkspace.deploy.aws.images;

import static io.dataworkspace.deploy.aws.images.ImagePoms.child;
import static io.dataworkspace.deploy.aws.images.ImagePoms.children;
import static io.dataworkspace.deploy.aws.images.ImagePoms.text;
import static io.dataworkspace.deploy.aws.support.Cfn.containers;
import static io.dataworkspace.deploy.aws.support.Cfn.environment;
import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static io.dataworkspace.deploy.aws.support.Cfn.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.images.ImagePoms.ModuleImage;
import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;
import software.amazon.awscdk.assertions.Template;

/**
 * The images the Maven {@code images} profile builds (deploy/images/README.md) against what the task definitions
 * expect of them: non-root, reproducible, an entrypoint the dnsfilter task can wrap, main classes that exist, and
 * the ports the containers map, the load balancers check and the health commands call. Reads the poms; needs no
 * registry, no Docker and no root.
 */
@ExtendWith(SynthesizedDeploymentExtension.class)
class ImageConfigurationTest {
    private static Map<String, ModuleImage> images;
    private static Template platform;

    @BeforeAll
    static void read(SynthesizedDeployment deployment) throws Exception {
        images = ImagePoms.moduleImages();
        platform = deployment.platform();
    }

    @Test
    void shouldBuildTheFourPlatformImages() {
        assertThat(images).containsOnlyKeys("dataworkspace", "dnsfilter", "s3sync", "metrics");
        assertThat(images.get("dataworkspace").module()).isEqualTo("proxy");
        assertThat(images.get("s3sync").module()).isEqualTo("sidecars/s3sync");
    }

    @Test
    void shouldRunAsANonRootUserInReproducibleOciImages() throws Exception {
        Element profile = ImagePoms.imagesProfile();
        String user = text(profile, "properties/image.user");
        assertThat(user).matches("\\d+:\\d+");
        assertThat(user.split(":")[0]).isNotEqualTo("0");
        assertThat(user.split(":")[1]).isNotEqualTo("0");

        Element jib = ImagePoms.jibConfiguration();
        assertThat(text(jib, "container/user")).isEqualTo("${image.user}");
        assertThat(text(jib, "container/mainClass")).isEqualTo("${image.mainClass}");
        assertThat(text(jib, "container/format")).isEqualTo("OCI");
        // fixed times: the same sources and base give the same digest
        assertThat(text(jib, "container/creationTime")).isEqualTo("EPOCH");
        assertThat(text(jib, "container/filesModificationTime")).startsWith("EPOCH");
        assertThat(text(jib, "skip")).isEqualTo("${image.skip}");
        assertThat(text(profile, "properties/image.skip")).as("modules opt in").isEqualTo("true");
        assertThat(text(profile, "properties/jib.container.ports")).isEqualTo("${image.ports}");
    }

    @Test
    void shouldStartWithTheEntrypointTheDnsfilterTaskWraps() throws Exception {
        Element container = child(ImagePoms.jibConfiguration(), "container");
        assertThat(children(container, "entrypoint")).as("Jib's default java entrypoint").isEmpty();
        assertThat(children(child(container, "jvmFlags"), "jvmFlag").stream().map(e -> e.getTextContent().trim()))
                .containsExactlyElementsOf(ImageEntrypoint.JVM_FLAGS);
        assertThat(children(container, "appRoot")).as("classpath file under /app").isEmpty();
        assertThat(images.get("dnsfilter").mainClass()).isEqualTo("io.dataworkspace.dnsfilter.Main");
    }

    @Test
    void shouldNameMainClassesThatExist() throws Exception {
        for (ModuleImage image : images.values()) {
            assertThat(image.mainSource()).as(image.name()).exists();
            assertThat(Files.readString(image.mainSource())).as(image.name())
                    .contains("public static void main(String[] args)");
        }
    }

    @Test
    void shouldExposeThePortsTheServerTaskMapsAndTheLoadBalancerChecks() {
        Map<String, Object> server = containers(taskDefinition(platform, "dataworkspace-server")).get("server");
        assertThat(images.get("dataworkspace").ports()).containsAll(mappedPorts(server));
        Set<String> targetPorts = resources(platform, "AWS::ElasticLoadBalancingV2::TargetGroup").values().stream()
                .map(r -> props(r)).filter(p -> "HTTP".equals(p.get("Protocol")))
                .map(p -> p.get("Port") + "/tcp").collect(Collectors.toSet());
        assertThat(images.get("dataworkspace").ports()).containsAll(targetPorts);
        assertThat(list(server.get("Command"))).containsExactly("serve");
    }

    @Test
    void shouldExposeExactlyTheDnsfilterPortsTheTaskMapsAndTheNlbChecks() {
        ModuleImage image = images.get("dnsfilter");
        Map<String, Object> dnsfilter = containers(taskDefinition(platform, "dataworkspace-dnsfilter"))
                .get("dnsfilter");
        assertThat(mappedPorts(dnsfilter)).isEqualTo(image.ports());
        Map<String, String> env = environment(dnsfilter);
        assertThat(image.ports()).contains(env.get("DNSFILTER_DNS_PORT") + "/udp", env.get("DNSFILTER_DNS_PORT")
                + "/tcp", env.get("DNSFILTER_HTTP_PORT") + "/tcp");
        assertThat(image.environment()).containsEntry("DNSFILTER_DNS_PORT", env.get("DNSFILTER_DNS_PORT"));
        assertThat(resources(platform, "AWS::ElasticLoadBalancingV2::TargetGroup").values().stream()
                .map(r -> props(r)).filter(p -> !"HTTP".equals(p.get("Protocol"))))
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(image.ports()).contains(p.get("Port") + "/" + p.get("Protocol").toString()
                            .toLowerCase(Locale.ROOT));
                    assertThat(image.ports()).contains(p.get("HealthCheckPort") + "/tcp");
                });
        assertThat(list(dnsfilter.get("EntryPoint")).get(2).toString())
                .endsWith("exec " + ImageEntrypoint.shell(image.mainClass()));
    }

    @Test
    void shouldCheckTheSidecarsOnThePortsTheirEnvironmentSets() {
        Map<String, Map<String, Object>> tool = containers(taskDefinition(platform, "dataworkspace-tool-jupyterlab"));
        Map<String, Object> s3sync = tool.get("s3sync");
        String port = environment(s3sync).get("S3SYNC_HTTP_PORT");
        assertThat(port).isNotNull();
        assertThat(list(((Map<?, ?>) s3sync.get("HealthCheck")).get("Command")))
                .containsExactly("CMD-SHELL", HealthCommand.http(Integer.parseInt(port), "/healthz"));

        Map<String, Object> metrics = tool.get("metrics");
        assertThat(mappedPorts(metrics)).containsExactly(environment(metrics).get("METRICS_PORT") + "/tcp");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> mappedPorts(Map<String, Object> container) {
        return list(container.get("PortMappings")).stream().map(m -> (Map<String, Object>) m)
                .map(m -> m.get("ContainerPort") + "/" + String.valueOf(m.getOrDefault("Protocol", "tcp")))
                .collect(Collectors.toSet());
    }
}
