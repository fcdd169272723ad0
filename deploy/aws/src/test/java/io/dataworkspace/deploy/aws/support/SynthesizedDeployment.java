package io.dataworkspace.deploy.aws.support;

import io.dataworkspace.deploy.aws.DataWorkspaceApp;
import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * One synthesized variant of the app: its configuration, stacks and templates. Synthesis is the slow part (seconds),
 * so {@link SynthesizedDeploymentExtension} builds each variant once per test run.
 *
 * @param config   the configuration it was built from
 * @param stacks   the stacks
 * @param network  network stack template
 * @param data     data stack template
 * @param platform platform stack template
 */
public record SynthesizedDeployment(DeploymentConfig config, DataWorkspaceApp stacks, Template network,
                                    Template data, Template platform) {

    /** Test account. */
    public static final String ACCOUNT = "123456789012";
    /** Test region. */
    public static final String REGION = "eu-west-2";
    /** Test root domain. */
    public static final String ROOT = "data.example.org";
    /** Test cost centre. */
    public static final String COST_CENTRE = "analytics-42";
    /** WAF ACL of the internet-facing variant. */
    public static final String WAF_ACL =
            "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/dataworkspace/0f7e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b";
    /** Certificate of the vpc-only variant. */
    public static final String CERTIFICATE =
            "arn:aws:acm:eu-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    /** Docker Hub credentials of the vpc-only variant. */
    public static final String DOCKER_HUB_SECRET =
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

    /** Context shared by both variants. */
    public static Map<String, String> baseContext() {
        Map<String, String> context = new HashMap<>();
        context.put("rootDomain", ROOT);
        context.put("oidcIssuer", "https://sso.example.org/realms/staff");
        context.put("oidcClientId", "dataworkspace");
        context.put("costCentre", COST_CENTRE);
        context.put("account", ACCOUNT);
        context.put("region", REGION);
        return context;
    }

    /** @return context of the internet-facing variant: public ALB, WAF, Route 53 zone */
    public static Map<String, String> internetFacingContext() {
        Map<String, String> context = baseContext();
        context.put("exposure", "internet-facing");
        context.put("hostedZoneId", "Z0123456789ABCDEFGHIJ");
        context.put("hostedZoneName", "example.org");
        context.put("wafWebAclArn", WAF_ACL);
        return context;
    }

    /** @return context of the vpc-only variant: internal ALB, imported certificate, a second tool, a visualisation */
    public static Map<String, String> vpcOnlyContext() {
        Map<String, String> context = baseContext();
        context.put("exposure", "vpc-only");
        context.put("certificateArn", CERTIFICATE);
        context.put("tools", "jupyterlab,rstudio,dashboard");
        context.put("tool.dashboard.kind", "visualisation");
        context.put("tool.dashboard.image", "ecr-public/example/dash-app:1.0");
        context.put("tool.dashboard.port", "8050");
        context.put("tool.rstudio.image", "docker-hub/rocker/rstudio:4.4.2");
        context.put("tool.rstudio.port", "8787");
        context.put("tool.rstudio.homePath", "/home/rstudio");
        context.put("tool.rstudio.cpu", "2048");
        context.put("tool.rstudio.memoryMiB", "8192");
        context.put("dockerHubCredentialsSecretArn", DOCKER_HUB_SECRET);
        context.put("dbReaders", "0");
        context.put("dnsAllowDomains", "pypi.org,files.pythonhosted.org");
        return context;
    }

    /**
     * Synthesizes the app for a context, the way {@code cdk synth} would.
     *
     * @param context CDK context
     * @return the synthesized deployment
     */
    public static SynthesizedDeployment synthesize(Map<String, String> context) {
        DeploymentConfig config = DeploymentConfig.fromMap(context);
        Map<String, Object> appContext = new HashMap<>(DataWorkspaceApp.featureFlags());
        appContext.putAll(context);
        appContext.put("availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                List.of("eu-west-2a", "eu-west-2b", "eu-west-2c"));
        App app = App.Builder.create().context(appContext).build();
        DataWorkspaceApp stacks = DataWorkspaceApp.define(app, config);
        return new SynthesizedDeployment(config, stacks,
                Template.fromStack(stacks.network()),
                Template.fromStack(stacks.data()),
                Template.fromStack(stacks.platform()));
    }

    /** @return the three templates */
    public List<Template> templates() {
        return List.of(network, data, platform);
    }
}
