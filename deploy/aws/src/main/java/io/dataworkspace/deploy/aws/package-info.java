/**
 * The Data Workspace AWS deployment as a CDK v2 app: {@link io.dataworkspace.deploy.aws.Main} reads CDK context
 * into a validated configuration and {@link io.dataworkspace.deploy.aws.DataWorkspaceApp} defines the network, data
 * and platform stacks.
 */
package io.dataworkspace.deploy.aws;
