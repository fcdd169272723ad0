package io.dataworkspace.deploy.aws.network;

import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * The VPC: public subnets for internet-facing load balancers, platform subnets (NAT egress) for the server,
 * dnsfilter and the database, small dns subnets holding only dnsfilter's NLB, and isolated tool subnets with no
 * route to the internet: tools reach AWS only through the VPC endpoints created here, and resolve names only
 * through dnsfilter, except the AWS pass-through domains and the platform's own private namespace
 * ({@code <appName>.internal}, Cloud Map), where the server registers so that tool tasks' credentials relays can
 * reach the launcher.
 */
public final class NetworkStack extends Stack {
    /** Subnet group of the public subnets. */
    public static final String PUBLIC = "public";
    /** Subnet group of the platform's private subnets. */
    public static final String PLATFORM = "platform";
    /** Subnet group of the isolated tool subnets. */
    public static final String TOOLS = "tools";
    /** Subnet group holding dnsfilter's NLB at fixed addresses. */
    public static final String DNS = "dns";

    private final Vpc vpc;
    private final SecurityGroups securityGroups;
    private final List<String> dnsFilterAddresses;
    private final PrivateDnsNamespace internalNamespace;

    /**
     * @param scope  the app
     * @param id     stack id
     * @param props  stack properties (environment, name)
     * @param config deployment configuration
     */
    public NetworkStack(Construct scope, String id, StackProps props, DeploymentConfig config) {
        super(scope, id, props);
        int vpcPrefix = Integer.parseInt(config.network().vpcCidr().split("/")[1]);
        vpc = Vpc.Builder.create(this, "Vpc")
                .vpcName(config.appName())
                .ipAddresses(IpAddresses.cidr(config.network().vpcCidr()))
                .maxAzs(config.network().maxAzs())
                .natGateways(config.network().natGateways())
                .natGatewaySubnets(SubnetSelection.builder().subnetGroupName(PUBLIC).build())
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .subnetConfiguration(List.of(
                        subnet(TOOLS, SubnetType.PRIVATE_ISOLATED, vpcPrefix + 3),
                        subnet(PLATFORM, SubnetType.PRIVATE_WITH_EGRESS, vpcPrefix + 6),
                        subnet(PUBLIC, SubnetType.PUBLIC, Math.min(vpcPrefix + 8, 28)),
                        subnet(DNS, SubnetType.PRIVATE_ISOLATED, 28)))
                .build();

        // An environment-specific VPC names its AZs, taken from the account's AZ list (cdk.context.json).
        Validations.of(vpc).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W3010")
                .reason("AZ names come from the target account's AZ lookup, recorded in cdk.context.json")
                .build());
        securityGroups = new SecurityGroups(this, "SecurityGroups", vpc, config);

        vpc.addGatewayEndpoint("S3", software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(subnets(TOOLS), subnets(PLATFORM)))
                .build());
        interfaceEndpoint("EcrApi", InterfaceVpcEndpointAwsService.ECR);
        interfaceEndpoint("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
        interfaceEndpoint("Sts", InterfaceVpcEndpointAwsService.STS);
        interfaceEndpoint("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        interfaceEndpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);

        // Private names of the platform (the server's Cloud Map records), answered by the VPC resolver itself: a
        // pass-through like the AWS domains, so they never depend on dnsfilter.
        internalNamespace = PrivateDnsNamespace.Builder.create(this, "Internal")
                .name(internalDomain(config.appName()))
                .vpc(vpc)
                .description("Data Workspace service discovery: the server's tasks for tool tasks' credentials relays")
                .build();

        dnsFilterAddresses = DnsFilterAddresses.forSubnets(
                subnetsOf(DNS).stream().map(ISubnet::getIpv4CidrBlock).toList());
        List<String> passthrough = new ArrayList<>(config.network().dnsPassthroughDomains());
        if (!passthrough.contains(internalDomain(config.appName()))) {
            passthrough.add(internalDomain(config.appName()));
        }
        new ToolDnsRouting(this, "ToolDns", vpc, subnetsOf(PLATFORM), securityGroups.resolver(),
                dnsFilterAddresses, passthrough, config.appName());

        CfnOutput.Builder.create(this, "VpcId").value(vpc.getVpcId()).build();
        CfnOutput.Builder.create(this, "DnsFilterAddresses").value(String.join(",", dnsFilterAddresses)).build();
    }

    /**
     * @param appName the deployment's {@code appName}
     * @return the private DNS namespace of the platform's services, e.g. {@code dataworkspace.internal}
     */
    public static String internalDomain(String appName) {
        return appName + ".internal";
    }

    private static SubnetConfiguration subnet(String name, SubnetType type, int mask) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(mask).build();
    }

    private void interfaceEndpoint(String id, InterfaceVpcEndpointAwsService service) {
        vpc.addInterfaceEndpoint(id, software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(subnets(TOOLS))
                .privateDnsEnabled(true)
                .open(false)
                .securityGroups(List.of(securityGroups.endpoints()))
                .build());
    }

    /**
     * @param group one of {@link #PUBLIC}, {@link #PLATFORM}, {@link #TOOLS}, {@link #DNS}
     * @return a selection of that subnet group
     */
    public static SubnetSelection subnets(String group) {
        return SubnetSelection.builder().subnetGroupName(group).build();
    }

    /**
     * @param group a subnet group name
     * @return the subnets of that group, one per AZ
     */
    public List<ISubnet> subnetsOf(String group) {
        return vpc.selectSubnets(subnets(group)).getSubnets();
    }

    /** @return the VPC */
    public Vpc vpc() {
        return vpc;
    }

    /** @return every security group */
    public SecurityGroups securityGroups() {
        return securityGroups;
    }

    /** @return the Cloud Map namespace the server registers in */
    public PrivateDnsNamespace internalNamespace() {
        return internalNamespace;
    }

    /** @return dnsfilter's NLB addresses, one per dns subnet */
    public List<String> dnsFilterAddresses() {
        return dnsFilterAddresses;
    }
}
