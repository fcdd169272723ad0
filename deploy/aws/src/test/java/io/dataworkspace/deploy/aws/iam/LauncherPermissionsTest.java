package io.dataworkspace.deploy.aws.iam;

import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static io.dataworkspace.deploy.aws.support.Cfn.statements;
import static io.dataworkspace.deploy.aws.support.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(SynthesizedDeploymentExtension.class)
class LauncherPermissionsTest {
    private static Template platform;
    private static String serverRole;

    @BeforeAll
    static void synthesize(SynthesizedDeployment synthesized) {
        platform = synthesized.platform();
        serverRole = roleId("ServerTaskRole");
    }

    private static String roleId(String prefix) {
        return resources(platform, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Every statement of every inline policy attached to the server tasks' role. */
    private static List<Map<String, Object>> serverStatements() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> policy : resources(platform, "AWS::IAM::Policy").values()) {
            boolean attached = list(props(policy).get("Roles")).stream()
                    .anyMatch(r -> serverRole.equals(target(r)));
            if (attached) {
                all.addAll(statements(props(policy).get("PolicyDocument")));
            }
        }
        return all;
    }

    private static List<String> actions(Map<String, Object> statement) {
        return list(statement.get("Action")).stream().map(Object::toString).toList();
    }

    private static List<Map<String, Object>> withActionPrefix(String prefix) {
        return serverStatements().stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith(prefix)))
                .toList();
    }

    @Test
    void shouldAllowExactlyTheFourEcsTaskActionsPlusTaggingAtLaunch() {
        Set<String> ecsActions = withActionPrefix("ecs:").stream()
                .flatMap(s -> actions(s).stream()).collect(Collectors.toSet());
        assertThat(ecsActions).containsExactlyInAnyOrder("ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks",
                "ecs:ListTasks", "ecs:TagResource");
    }

    @Test
    void shouldNeverUseAWildcardResourceForTheLaunchersEcsActions() {
        List<Map<String, Object>> ecs = withActionPrefix("ecs:");
        assertThat(ecs).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(list(statement.get("Resource"))).isNotEmpty().allSatisfy(resource -> {
                assertThat(resource).isNotEqualTo("*");
                String rendered = resource.toString();
                assertThat(rendered).satisfiesAnyOf(
                        r -> assertThat(r).contains("ToolsCluster"),
                        r -> assertThat(r).contains(":task-definition/dataworkspace-tool-"));
            });
        });
    }

    @Test
    void shouldRunOnlyToolTaskDefinitionsAndOnlyInTheToolsCluster() {
        Map<String, Object> run = withActionPrefix("ecs:RunTask").get(0);
        assertThat(list(run.get("Resource"))).hasSize(1)
                .allSatisfy(r -> assertThat(r.toString()).contains(":task-definition/dataworkspace-tool-jupyterlab:*"));
        assertThat(run.get("Condition").toString()).contains("ArnEquals").contains("ecs:cluster")
                .contains("ToolsCluster");
        for (String action : List.of("ecs:StopTask", "ecs:ListTasks")) {
            assertThat(withActionPrefix(action).get(0).get("Condition").toString()).contains("ToolsCluster");
        }
    }

    @Test
    void shouldPassOnlyTheToolRolesAndOnlyToEcsTasks() {
        List<Map<String, Object>> pass = withActionPrefix("iam:");
        assertThat(pass).hasSize(1);
        assertThat(actions(pass.get(0))).containsExactly("iam:PassRole");
        assertThat(list(pass.get(0).get("Resource"))).extracting(r -> target(r))
                .containsExactly(roleId("ToolRolesToolExecutionRole"));
        assertThat(pass.get(0).get("Condition").toString()).contains("iam:PassedToService")
                .contains("ecs-tasks.amazonaws.com");
    }

    @Test
    void shouldAssumeOnlyTheBaseToolRole() {
        List<Map<String, Object>> assume = withActionPrefix("sts:");
        assertThat(assume).hasSize(1);
        assertThat(actions(assume.get(0))).containsExactly("sts:AssumeRole");
        assertThat(list(assume.get(0).get("Resource"))).extracting(r -> target(r))
                .containsExactly(roleId("ToolRolesBaseToolRole"));
    }

    @Test
    void shouldGrantNoWildcardActionAnywhereInThePlatform() {
        for (Map<String, Object> policy : resources(platform, "AWS::IAM::Policy").values()) {
            for (Map<String, Object> statement : statements(props(policy).get("PolicyDocument"))) {
                assertThat(actions(statement)).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                if (list(statement.get("Resource")).contains("*")) {
                    assertThat(actions(statement)).as("only ECR login may use a * resource")
                            .containsExactly("ecr:GetAuthorizationToken");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldLetOnlyTheServerRoleAssumeTheBaseToolRoleWithinItsBoundary() {
        Map<String, Object> base = props(resources(platform, "AWS::IAM::Role").get(roleId("ToolRolesBaseToolRole")));
        String boundary = resources(platform, "AWS::IAM::ManagedPolicy").keySet().iterator().next();
        assertThat(target(base.get("PermissionsBoundary"))).isEqualTo(boundary);
        List<Map<String, Object>> trust = statements(base.get("AssumeRolePolicyDocument"));
        assertThat(trust).hasSize(1);
        Map<String, Object> principal = (Map<String, Object>) trust.get(0).get("Principal");
        assertThat(target(principal.get("AWS"))).isEqualTo(serverRole);
    }

    @Test
    void shouldLimitTheBoundaryToTheBucketsUserAndDatasetsPrefixes() {
        Map<String, Object> boundary = props(resources(platform, "AWS::IAM::ManagedPolicy").values().iterator().next());
        List<Map<String, Object>> statements = statements(boundary.get("PolicyDocument"));
        assertThat(statements).allSatisfy(s -> assertThat(s.get("Effect")).isEqualTo("Allow"));
        List<Map<String, Object>> s3 = statements.stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
        assertThat(s3).hasSize(2);
        for (Map<String, Object> statement : s3) {
            assertThat(actions(statement)).noneMatch(a -> a.contains("*"));
            if (actions(statement).contains("s3:ListBucket")) {
                assertThat(statement.get("Condition").toString()).contains("s3:prefix")
                        .contains("user/*").contains("datasets/*");
            } else {
                assertThat(list(statement.get("Resource"))).hasSize(2).allSatisfy(r ->
                        assertThat(r.toString()).containsAnyOf("/user/*", "/datasets/*"));
            }
        }
        assertThat(statements).allSatisfy(s -> assertThat(actions(s)).allMatch(a -> a.startsWith("s3:")
                || a.equals("kms:Decrypt") || a.equals("kms:GenerateDataKey")));
    }

    @Test
    void shouldCreateNoToolTaskRoleSoToolsUseOnlyTheirScopedCredentials() {
        assertThat(resources(platform, "AWS::IAM::Role").keySet())
                .noneMatch(id -> id.startsWith("ToolRolesToolTaskRole"));
        assertThat(resources(platform, "AWS::ECS::TaskDefinition").values().stream()
                .filter(t -> String.valueOf(props(t).get("Family")).contains("tool"))
                .map(t -> props(t).containsKey("TaskRoleArn"))).isNotEmpty().containsOnly(false);
    }
}
