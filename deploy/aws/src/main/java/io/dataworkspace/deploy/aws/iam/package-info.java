/**
 * Least-privilege IAM: the tool roles with their S3 permissions boundary, and the launcher's permissions to run
 * tool tasks, pass only the tool roles and assume only the base tool role.
 */
package io.dataworkspace.deploy.aws.iam;
