package io.dataworkspace.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.Cfn;
import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension.VpcOnly;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(SynthesizedDeploymentExtension.class)
class TaggingTest {
    private static List<SynthesizedDeployment> variants;

    @BeforeAll
    static void synthesize(SynthesizedDeployment internet, @VpcOnly SynthesizedDeployment internal) {
        variants = List.of(internet, internal);
    }

    @Test
    void shouldTagEveryTaggableResourceWithApplicationAndCostCentre() {
        int checked = 0;
        for (SynthesizedDeployment deployment : variants) {
            for (Template template : deployment.templates()) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> resources =
                        (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
                for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
                    if (!Cfn.props(resource.getValue()).containsKey("Tags")) {
                        continue;
                    }
                    checked++;
                    assertThat(Cfn.tags(resource.getValue())).as(resource.getKey())
                            .containsEntry("Application", "dataworkspace")
                            .containsEntry("CostCentre", SynthesizedDeployment.COST_CENTRE);
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void shouldTagTheKeyResourcesThatCarryCost() {
        SynthesizedDeployment deployment = variants.get(0);
        for (String type : List.of("AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::S3::Bucket", "AWS::RDS::DBCluster",
                "AWS::KMS::Key", "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "AWS::EC2::VPCEndpoint", "AWS::Route53Resolver::ResolverEndpoint", "AWS::Logs::LogGroup")) {
            Map<String, Map<String, Object>> found = new java.util.HashMap<>();
            deployment.templates().forEach(t -> found.putAll(t.findResources(type)));
            assertThat(found).as(type).isNotEmpty();
            assertThat(found.values()).as(type).allSatisfy(r ->
                    assertThat(Cfn.tags(r)).containsEntry("Application", "dataworkspace"));
        }
    }
}
