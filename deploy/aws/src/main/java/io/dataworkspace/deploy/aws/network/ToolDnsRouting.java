package io.dataworkspace.deploy.aws.network;

import java.util.List;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.route53resolver.CfnResolverEndpoint;
import software.amazon.awscdk.services.route53resolver.CfnResolverRule;
import software.amazon.awscdk.services.route53resolver.CfnResolverRuleAssociation;
import software.constructs.Construct;

/**
 * Sends the VPC's DNS to dnsfilter. Every query a task sends to the VPC resolver (the only DNS server a Fargate task
 * can use, and one security groups cannot block) is forwarded to dnsfilter's NLB by a Route 53 Resolver rule for
 * {@code "."}, except the pass-through domains (AWS service endpoints, EC2 names), which the resolver answers itself
 * so that the interface endpoints' private names, ECR image pulls and the cluster's own bootstrap never depend on
 * dnsfilter. dnsfilter forwards what it allows to upstream resolvers through NAT, never back to the VPC resolver.
 */
public final class ToolDnsRouting extends Construct {
    private final CfnResolverRule forwardRule;

    /**
     * @param scope              parent
     * @param id                 construct id
     * @param vpc                the VPC whose resolver is redirected
     * @param endpointSubnets    subnets of the outbound endpoint's addresses (two or more AZs)
     * @param endpointGroup      the outbound endpoint's security group
     * @param dnsFilterAddresses dnsfilter's NLB addresses
     * @param passthroughDomains domains answered by the VPC resolver itself
     * @param namePrefix         prefix of the resources' names
     */
    public ToolDnsRouting(Construct scope, String id, IVpc vpc, List<ISubnet> endpointSubnets,
                          SecurityGroup endpointGroup, List<String> dnsFilterAddresses,
                          List<String> passthroughDomains, String namePrefix) {
        super(scope, id);
        CfnResolverEndpoint outbound = CfnResolverEndpoint.Builder.create(this, "Outbound")
                .name(namePrefix + "-to-dnsfilter")
                .direction("OUTBOUND")
                .securityGroupIds(List.of(endpointGroup.getSecurityGroupId()))
                .ipAddresses(endpointSubnets.stream()
                        .map(subnet -> (Object) CfnResolverEndpoint.IpAddressRequestProperty.builder()
                                .subnetId(subnet.getSubnetId())
                                .build())
                        .toList())
                .build();

        forwardRule = CfnResolverRule.Builder.create(this, "ForwardAll")
                .name(namePrefix + "-all-to-dnsfilter")
                .domainName(".")
                .ruleType("FORWARD")
                .resolverEndpointId(outbound.getAttrResolverEndpointId())
                .targetIps(dnsFilterAddresses.stream()
                        .map(ip -> (Object) CfnResolverRule.TargetAddressProperty.builder()
                                .ip(ip)
                                .port("53")
                                .protocol("Do53")
                                .build())
                        .toList())
                .build();
        associate("ForwardAllAssociation", forwardRule, vpc);

        int index = 0;
        for (String domain : passthroughDomains) {
            CfnResolverRule system = CfnResolverRule.Builder.create(this, "Passthrough" + index)
                    .name(namePrefix + "-system-" + domain.replace('.', '-'))
                    .domainName(domain)
                    .ruleType("SYSTEM")
                    .build();
            associate("PassthroughAssociation" + index, system, vpc);
            index++;
        }
    }

    private void associate(String id, CfnResolverRule rule, IVpc vpc) {
        CfnResolverRuleAssociation.Builder.create(this, id)
                .resolverRuleId(rule.getAttrResolverRuleId())
                .vpcId(vpc.getVpcId())
                .build();
    }

    /** @return the rule forwarding every non-pass-through query to dnsfilter */
    public CfnResolverRule forwardRule() {
        return forwardRule;
    }
}
