package io.dataworkspace.deploy.aws.iam;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the launcher (inside the server's tasks) may do with ECS, IAM and STS, and nothing wider:
 * {@code ecs:RunTask} only for the tool task definition families and only in the tools cluster;
 * {@code ecs:StopTask/DescribeTasks/ListTasks} only on the tools cluster's tasks; {@code iam:PassRole} only for the
 * tool roles and only to ECS tasks; {@code sts:AssumeRole} only on the base tool role. No statement has a
 * {@code "*"} resource.
 */
public final class LauncherPermissions extends Construct {
    private final Policy policy;

    /**
     * @param scope            parent
     * @param id               construct id
     * @param launcherRole     the server tasks' role
     * @param toolsClusterName name of the tools cluster (fixed, so ARNs are known before it exists)
     * @param toolsClusterArn  ARN of the tools cluster
     * @param toolFamilies     task definition families of the tool templates
     * @param toolRoles        the tool roles
     */
    public LauncherPermissions(Construct scope, String id, IRole launcherRole, String toolsClusterName,
                               String toolsClusterArn, List<String> toolFamilies, ToolRoles toolRoles) {
        super(scope, id);
        Stack stack = Stack.of(this);
        Map<String, Object> inToolsCluster = Map.of("ArnEquals", Map.of("ecs:cluster", toolsClusterArn));
        String toolTasks = ecsArn(stack, "task", toolsClusterName + "/*");

        policy = Policy.Builder.create(this, "Policy")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("RunToolTasks")
                                .effect(Effect.ALLOW)
                                .actions(List.of("ecs:RunTask"))
                                .resources(toolFamilies.stream()
                                        .map(family -> ecsArn(stack, "task-definition", family + ":*"))
                                        .toList())
                                .conditions(inToolsCluster)
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("TagToolTasksAtLaunch")
                                .effect(Effect.ALLOW)
                                .actions(List.of("ecs:TagResource"))
                                .resources(List.of(toolTasks))
                                .conditions(Map.of("StringEquals", Map.of("ecs:CreateAction", "RunTask")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ManageToolTasks")
                                .effect(Effect.ALLOW)
                                .actions(List.of("ecs:StopTask", "ecs:DescribeTasks"))
                                .resources(List.of(toolTasks))
                                .conditions(inToolsCluster)
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ListToolTasks")
                                .effect(Effect.ALLOW)
                                .actions(List.of("ecs:ListTasks"))
                                .resources(List.of(ecsArn(stack, "container-instance", toolsClusterName + "/*")))
                                .conditions(inToolsCluster)
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("PassOnlyToolRoles")
                                .effect(Effect.ALLOW)
                                .actions(List.of("iam:PassRole"))
                                .resources(toolRoles.passableRoles().stream().map(IRole::getRoleArn).toList())
                                .conditions(Map.of("StringEquals",
                                        Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("AssumeOnlyBaseToolRole")
                                .effect(Effect.ALLOW)
                                .actions(List.of("sts:AssumeRole"))
                                .resources(List.of(toolRoles.baseToolRole().getRoleArn()))
                                .build()))
                .build();
        policy.attachToRole(launcherRole);
    }

    private static String ecsArn(Stack stack, String resource, String name) {
        return stack.formatArn(ArnComponents.builder()
                .service("ecs")
                .resource(resource)
                .resourceName(name)
                .build());
    }

    /** @return the policy attached to the launcher's role */
    public Policy policy() {
        return policy;
    }
}
