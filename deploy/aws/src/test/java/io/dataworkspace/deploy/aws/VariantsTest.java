package io.dataworkspace.deploy.aws;

import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension.VpcOnly;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one context value {@code exposure} switches between the two variants; both synthesize. */
@ExtendWith(SynthesizedDeploymentExtension.class)
class VariantsTest {
    private static SynthesizedDeployment internetFacing;
    private static SynthesizedDeployment vpcOnly;

    @BeforeAll
    static void synthesize(SynthesizedDeployment internet, @VpcOnly SynthesizedDeployment internal) {
        internetFacing = internet;
        vpcOnly = internal;
    }

    private static Map<String, Object> alb(SynthesizedDeployment deployment) {
        return resources(deployment.platform(), "AWS::ElasticLoadBalancingV2::LoadBalancer").entrySet().stream()
                .filter(e -> e.getKey().startsWith("EntranceAlb"))
                .map(e -> props(e.getValue()))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldSynthesizeBothVariantsWithAllThreeStacks() {
        for (SynthesizedDeployment deployment : List.of(internetFacing, vpcOnly)) {
            assertThat(deployment.templates()).allSatisfy(template ->
                    assertThat(template.toJSON()).containsKey("Resources"));
            assertThat(resources(deployment.platform(), "AWS::ECS::Service")).hasSize(2);
        }
    }

    @Test
    void shouldUseAnInternalAlbInPrivateSubnetsWhenVpcOnly() {
        assertThat(alb(vpcOnly).get("Scheme")).isEqualTo("internal");
        assertThat(alb(vpcOnly).get("Subnets").toString()).contains("platformSubnet").doesNotContain("publicSubnet");
        assertThat(alb(internetFacing).get("Scheme")).isEqualTo("internet-facing");
    }

    @Test
    void shouldAttachWafOnlyToTheInternetFacingVariant() {
        assertThat(resources(internetFacing.platform(), "AWS::WAFv2::WebACLAssociation")).hasSize(1);
        assertThat(resources(vpcOnly.platform(), "AWS::WAFv2::WebACLAssociation")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldOpenTheInternalAlbOnlyToTheVpc() {
        Map<String, Object> albGroup = resources(vpcOnly.network(), "AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> e.getKey().startsWith("SecurityGroupsAlb"))
                .map(e -> props(e.getValue())).findFirst().orElseThrow();
        List<Object> ingress = (List<Object>) albGroup.get("SecurityGroupIngress");
        assertThat(ingress).extracting(r -> ((Map<String, Object>) r).get("CidrIp"))
                .containsOnly("10.40.0.0/16");
    }

    @Test
    void shouldUseTheImportedCertificateWithoutCreatingOne() {
        assertThat(resources(vpcOnly.platform(), "AWS::CertificateManager::Certificate")).isEmpty();
        assertThat(resources(vpcOnly.platform(), "AWS::ElasticLoadBalancingV2::Listener").values().stream()
                .map(l -> String.valueOf(props(l).get("Certificates"))))
                .anyMatch(c -> c.contains(SynthesizedDeployment.CERTIFICATE));
        assertThat(resources(vpcOnly.platform(), "AWS::Route53::RecordSet")).isEmpty();
    }

    @Test
    void shouldDefineOneTaskDefinitionPerToolTemplate() {
        Map<String, Object> families = resources(vpcOnly.platform(), "AWS::ECS::TaskDefinition").values().stream()
                .map(r -> props(r))
                .collect(Collectors.toMap(p -> p.get("Family").toString(), p -> p.get("Cpu")));
        assertThat(families).containsEntry("dataworkspace-tool-jupyterlab", "1024")
                .containsEntry("dataworkspace-tool-rstudio", "2048");
        assertThat(resources(vpcOnly.platform(), "AWS::ECR::PullThroughCacheRule").values().stream()
                .map(r -> props(r).get("EcrRepositoryPrefix")))
                .contains("docker-hub");
        assertThat(resources(vpcOnly.network(), "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(r -> props(r).get("FromPort")))
                .as("the server may reach the rstudio port").contains(8787);
        assertThat(resources(vpcOnly.data(), "AWS::RDS::DBInstance")).hasSize(1);
    }
}
