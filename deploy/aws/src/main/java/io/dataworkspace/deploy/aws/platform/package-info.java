/**
 * The platform stack: ECS clusters, the {@code dataworkspace} server behind the ALB, dnsfilter behind its internal
 * NLB, the tool task definitions, secrets, the ECR pull-through cache and the IAM wiring.
 */
package io.dataworkspace.deploy.aws.platform;
