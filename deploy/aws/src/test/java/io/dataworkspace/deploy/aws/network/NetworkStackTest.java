package io.dataworkspace.deploy.aws.network;

import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.resources;
import static io.dataworkspace.deploy.aws.support.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(SynthesizedDeploymentExtension.class)
class NetworkStackTest {
    private static SynthesizedDeployment deployment;
    private static Template network;

    @BeforeAll
    static void synthesize(SynthesizedDeployment synthesized) {
        deployment = synthesized;
        network = synthesized.network();
    }

    private static Set<String> subnetIds(String group) {
        return resources(network, "AWS::EC2::Subnet").entrySet().stream()
                .filter(e -> group.equals(io.dataworkspace.deploy.aws.support.Cfn.tags(e.getValue())
                        .get("aws-cdk:subnet-name")))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Set<String> routeTablesOf(Set<String> subnets) {
        return resources(network, "AWS::EC2::SubnetRouteTableAssociation").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> subnets.contains(target(p.get("SubnetId"))))
                .map(p -> target(p.get("RouteTableId")))
                .collect(Collectors.toSet());
    }

    private static List<Map<String, Object>> routesIn(Set<String> routeTables) {
        return resources(network, "AWS::EC2::Route").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> routeTables.contains(target(p.get("RouteTableId"))))
                .toList();
    }

    @Test
    void shouldGiveToolSubnetsNoRouteToAnInternetOrNatGateway() {
        Set<String> toolSubnets = subnetIds(NetworkStack.TOOLS);
        assertThat(toolSubnets).hasSize(2);
        Set<String> toolRouteTables = routeTablesOf(toolSubnets);
        assertThat(toolRouteTables).hasSize(2);

        assertThat(routesIn(toolRouteTables)).as("routes in the tool subnets' route tables").isEmpty();
        // the check above can see such routes: the platform subnets have NAT routes, the public ones an IGW route
        assertThat(routesIn(routeTablesOf(subnetIds(NetworkStack.PLATFORM))))
                .allSatisfy(route -> assertThat(route).containsKey("NatGatewayId"))
                .hasSize(2);
        assertThat(routesIn(routeTablesOf(subnetIds(NetworkStack.PUBLIC))))
                .allSatisfy(route -> assertThat(route).containsKey("GatewayId"))
                .hasSize(2);

        for (String subnet : toolSubnets) {
            assertThat(props(network.findResources("AWS::EC2::Subnet").get(subnet)).get("MapPublicIpOnLaunch"))
                    .isEqualTo(false);
        }
    }

    @Test
    void shouldRouteToolSubnetsToS3OnlyThroughTheGatewayEndpoint() {
        Set<String> toolRouteTables = routeTablesOf(subnetIds(NetworkStack.TOOLS));
        Map<String, Object> s3 = resources(network, "AWS::EC2::VPCEndpoint").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> "Gateway".equals(p.get("VpcEndpointType")))
                .findFirst().orElseThrow();
        assertThat(s3.get("ServiceName").toString()).contains(".s3");
        Set<String> endpointTables = list(s3.get("RouteTableIds")).stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::target)
                .collect(Collectors.toSet());
        assertThat(endpointTables).containsAll(toolRouteTables);
    }

    @Test
    void shouldCreateInterfaceEndpointsForEcrStsLogsAndSecretsInToolSubnets() {
        Set<String> toolSubnets = subnetIds(NetworkStack.TOOLS);
        List<Map<String, Object>> interfaces = resources(network, "AWS::EC2::VPCEndpoint").values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
                .toList();
        Set<String> services = interfaces.stream()
                .map(p -> p.get("ServiceName").toString()
                        .replaceFirst("^com\\.amazonaws\\." + SynthesizedDeployment.REGION + "\\.", ""))
                .collect(Collectors.toSet());
        assertThat(services).containsExactlyInAnyOrder("ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager");
        assertThat(interfaces).allSatisfy(p -> {
            assertThat(p.get("PrivateDnsEnabled")).isEqualTo(true);
            assertThat(list(p.get("SubnetIds")).stream().map(io.dataworkspace.deploy.aws.support.Cfn::target))
                    .containsExactlyInAnyOrderElementsOf(toolSubnets);
        });
    }

    @Test
    void shouldForwardTheVpcsDnsToDnsfilterExceptAwsNames() {
        List<String> addresses = deployment.stacks().network().dnsFilterAddresses();
        assertThat(addresses).hasSize(2);

        Map<String, Map<String, Object>> rules = resources(network, "AWS::Route53Resolver::ResolverRule");
        Map<String, Object> forward = rules.values().stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> "FORWARD".equals(p.get("RuleType")))
                .findFirst().orElseThrow();
        assertThat(forward.get("DomainName")).isEqualTo(".");
        assertThat(list(forward.get("TargetIps")))
                .extracting(t -> ((Map<?, ?>) t).get("Ip") + ":" + ((Map<?, ?>) t).get("Port"))
                .containsExactlyInAnyOrder(addresses.get(0) + ":53", addresses.get(1) + ":53");
        assertThat(rules.values().stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> "SYSTEM".equals(p.get("RuleType")))
                .map(p -> p.get("DomainName")))
                .contains("amazonaws.com");

        Set<String> associated = resources(network, "AWS::Route53Resolver::ResolverRuleAssociation").values()
                .stream().map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .map(p -> target(p.get("ResolverRuleId")))
                .collect(Collectors.toSet());
        assertThat(associated).containsExactlyInAnyOrderElementsOf(rules.keySet());
    }

    @Test
    void shouldPlaceDnsfilterAddressesInsideTheDnsSubnets() {
        Set<String> dnsCidrs = resources(network, "AWS::EC2::Subnet").entrySet().stream()
                .filter(e -> subnetIds(NetworkStack.DNS).contains(e.getKey()))
                .map(e -> props(e.getValue()).get("CidrBlock").toString())
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(DnsFilterAddresses.forSubnets(List.copyOf(dnsCidrs)));
        assertThat(new HashSet<>(deployment.stacks().network().dnsFilterAddresses())).isEqualTo(expected);
    }

    private static String groupId(String name) {
        return resources(network, "AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> e.getKey().startsWith("SecurityGroups" + name))
                .map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> rules(String type, String groupKey, String group) {
        return resources(network, type).values().stream()
                .map(io.dataworkspace.deploy.aws.support.Cfn::props)
                .filter(p -> group.equals(target(p.get(groupKey))))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inlineRules(String group, String property) {
        Map<String, Object> sg = props(network.findResources("AWS::EC2::SecurityGroup").get(group));
        return list(sg.get(property)).stream().map(r -> (Map<String, Object>) r).toList();
    }

    @Test
    void shouldLetToolsReachOnlyEndpointsCredentialsAndTheDatabase() {
        String tools = groupId("Tools");
        List<Map<String, Object>> egress = new java.util.ArrayList<>(inlineRules(tools, "SecurityGroupEgress"));
        egress.addAll(rules("AWS::EC2::SecurityGroupEgress", "GroupId", tools));
        assertThat(egress).extracting(r -> r.get("IpProtocol") + "/" + r.get("FromPort") + "-" + r.get("ToPort")
                        + "->" + (r.containsKey("CidrIp") ? r.get("CidrIp") : target(r.get("DestinationSecurityGroupId"))))
                .containsExactlyInAnyOrder(
                        "tcp/443-443->0.0.0.0/0",
                        "tcp/443-443->" + groupId("Endpoints"),
                        "tcp/8081-8081->" + groupId("Server"),
                        "tcp/5432-5432->" + groupId("Database"));

        List<Map<String, Object>> ingress = new java.util.ArrayList<>(inlineRules(tools, "SecurityGroupIngress"));
        ingress.addAll(rules("AWS::EC2::SecurityGroupIngress", "GroupId", tools));
        assertThat(ingress).isNotEmpty().allSatisfy(r ->
                assertThat(target(r.get("SourceSecurityGroupId"))).isEqualTo(groupId("Server")));
        assertThat(ingress).extracting(r -> r.get("FromPort")).containsExactlyInAnyOrder(8888, 9100);
    }

    @Test
    void shouldOpenTheServersCredentialsPortToToolsAndNothingElseFromThem() {
        String server = groupId("Server");
        List<Map<String, Object>> ingress = rules("AWS::EC2::SecurityGroupIngress", "GroupId", server);
        assertThat(ingress).extracting(r -> target(r.get("SourceSecurityGroupId")) + ":" + r.get("FromPort"))
                .containsExactlyInAnyOrder(groupId("Alb") + ":8080", groupId("Tools") + ":8081");
    }

    @Test
    void shouldOpenTheDatabaseOnlyToServerAndTools() {
        String database = groupId("Database");
        List<Map<String, Object>> ingress = rules("AWS::EC2::SecurityGroupIngress", "GroupId", database);
        assertThat(ingress).extracting(r -> target(r.get("SourceSecurityGroupId")) + ":" + r.get("FromPort"))
                .containsExactlyInAnyOrder(groupId("Server") + ":5432", groupId("Tools") + ":5432");
    }

    @Test
    void shouldFitThreeAzsOfEverySubnetGroupInASmallVpc() {
        Map<String, String> context = SynthesizedDeployment.internetFacingContext();
        context.put("vpcCidr", "10.9.0.0/20");
        context.put("maxAzs", "3");
        io.dataworkspace.deploy.aws.config.DeploymentConfig config =
                io.dataworkspace.deploy.aws.config.DeploymentConfig.fromMap(context);
        Map<String, Object> appContext = new java.util.HashMap<>(
                io.dataworkspace.deploy.aws.DataWorkspaceApp.featureFlags());
        appContext.put("availability-zones:account=" + SynthesizedDeployment.ACCOUNT + ":region="
                + SynthesizedDeployment.REGION, List.of("eu-west-2a", "eu-west-2b", "eu-west-2c"));
        software.amazon.awscdk.App app = software.amazon.awscdk.App.Builder.create().context(appContext).build();
        NetworkStack small = new NetworkStack(app, "small", software.amazon.awscdk.StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder()
                        .account(SynthesizedDeployment.ACCOUNT).region(SynthesizedDeployment.REGION).build())
                .build(), config);
        Template template = Template.fromStack(small);
        assertThat(template.findResources("AWS::EC2::Subnet")).hasSize(12);
        assertThat(small.dnsFilterAddresses()).hasSize(3).allSatisfy(a -> assertThat(a).startsWith("10.9."));
        assertThat(template.findResources("AWS::EC2::NatGateway")).hasSize(3);
    }

    @Test
    void shouldOpenThePublicLoadBalancerToTheInternetOnHttpsAndHttpOnly() {
        List<Map<String, Object>> ingress = inlineRules(groupId("Alb"), "SecurityGroupIngress");
        assertThat(ingress).extracting(r -> r.get("CidrIp") + ":" + r.get("FromPort"))
                .containsExactlyInAnyOrder("0.0.0.0/0:443", "0.0.0.0/0:80");
    }
}
