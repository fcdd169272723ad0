package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import io.dataworkspace.deploy.aws.config.EntranceSettings;
import io.dataworkspace.deploy.aws.config.Exposure;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import io.dataworkspace.deploy.aws.network.SecurityGroups;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * How users reach the server: an ALB (public for {@link Exposure#INTERNET_FACING}, internal for
 * {@link Exposure#VPC_ONLY}) with a certificate for the root and {@code *.} hosts, an HTTPS listener whose host
 * rules send the root host and every tool host to the server (anything else gets 404), an HTTP listener that only
 * redirects to HTTPS, the optional WAF web ACL and the optional Route 53 alias records.
 */
final class Entrance extends Construct {
    /** Listener rule priority of the root host. */
    static final int ROOT_PRIORITY = 10;
    /** Listener rule priority of the wildcard host. */
    static final int WILDCARD_PRIORITY = 20;

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup serverTargets;

    Entrance(Construct scope, String id, DeploymentConfig config, IVpc vpc, ISecurityGroup albGroup) {
        super(scope, id);
        EntranceSettings settings = config.entrance();
        boolean internetFacing = settings.exposure() == Exposure.INTERNET_FACING;
        String root = config.rootDomain();
        String wildcard = "*." + root;

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .loadBalancerName(config.appName())
                .vpc(vpc)
                .internetFacing(internetFacing)
                .vpcSubnets(NetworkStack.subnets(internetFacing ? NetworkStack.PUBLIC : NetworkStack.PLATFORM))
                .securityGroup(albGroup)
                .idleTimeout(Duration.seconds(settings.idleTimeoutSeconds()))
                .dropInvalidHeaderFields(true)
                .build();

        Optional<IHostedZone> zone = settings.hostedZoneId().map(zoneId ->
                HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId(zoneId)
                        .zoneName(settings.hostedZoneName().orElseThrow())
                        .build()));
        ICertificate certificate = settings.certificateArn()
                .map(arn -> Certificate.fromCertificateArn(this, "Certificate", arn))
                .orElseGet(() -> Certificate.Builder.create(this, "Certificate")
                        .domainName(root)
                        .subjectAlternativeNames(List.of(wildcard))
                        .validation(zone.map(CertificateValidation::fromDns).orElseGet(CertificateValidation::fromDns))
                        .build());

        serverTargets = ApplicationTargetGroup.Builder.create(this, "ServerTargets")
                .vpc(vpc)
                .targetType(TargetType.IP)
                .protocol(ApplicationProtocol.HTTP)
                .port(SecurityGroups.SERVER_HTTP_PORT)
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(HealthCheck.builder()
                        .path("/healthz")
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build();

        ApplicationListener https = loadBalancer.addListener("Https",
                software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                        .port(443)
                        .protocol(ApplicationProtocol.HTTPS)
                        .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                        .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                        .open(false)
                        .defaultAction(ListenerAction.fixedResponse(404, FixedResponseOptions.builder()
                                .contentType("text/plain")
                                .messageBody("Unknown host")
                                .build()))
                        .build());
        https.addAction("RootHost", AddApplicationActionProps.builder()
                .priority(ROOT_PRIORITY)
                .conditions(List.of(ListenerCondition.hostHeaders(List.of(root))))
                .action(ListenerAction.forward(List.of(serverTargets)))
                .build());
        https.addAction("ToolHosts", AddApplicationActionProps.builder()
                .priority(WILDCARD_PRIORITY)
                .conditions(List.of(ListenerCondition.hostHeaders(List.of(wildcard))))
                .action(ListenerAction.forward(List.of(serverTargets)))
                .build());

        loadBalancer.addListener("Http",
                software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                        .port(80)
                        .protocol(ApplicationProtocol.HTTP)
                        .open(false)
                        .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                                .protocol("HTTPS")
                                .port("443")
                                .permanent(true)
                                .build()))
                        .build());

        settings.wafWebAclArn().ifPresent(acl -> CfnWebACLAssociation.Builder.create(this, "Waf")
                .resourceArn(loadBalancer.getLoadBalancerArn())
                .webAclArn(acl)
                .build());

        zone.ifPresent(z -> {
            RecordTarget target = RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer));
            ARecord.Builder.create(this, "RootRecord").zone(z).recordName(root + ".").target(target).build();
            ARecord.Builder.create(this, "ToolsRecord").zone(z).recordName(wildcard + ".").target(target).build();
        });
    }

    ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    ApplicationTargetGroup serverTargets() {
        return serverTargets;
    }
}
