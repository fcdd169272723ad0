package io.dataworkspace.deploy.aws;

import io.dataworkspace.deploy.aws.config.ConfigException;
import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import software.amazon.awscdk.App;

/**
 * The CDK app's entry point ({@code cdk.json} runs it): reads context, defines the stacks, synthesizes.
 * A configuration mistake ends with one sentence on stderr and exit status 2.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args ignored; configuration is CDK context
     */
    public static void main(String[] args) {
        App app = App.Builder.create().context(DataWorkspaceApp.featureFlags()).build();
        DeploymentConfig config;
        try {
            config = DeploymentConfig.fromMap(ContextReader.read(app.getNode()));
        } catch (ConfigException e) {
            System.err.println("deploy-aws: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        DataWorkspaceApp.define(app, config);
        app.synth();
    }
}
