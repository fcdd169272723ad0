/**
 * Deployment configuration: immutable records read once from CDK context and validated, so an operator's mistake
 * fails {@code cdk synth} with one sentence naming the key.
 */
package io.dataworkspace.deploy.aws.config;
