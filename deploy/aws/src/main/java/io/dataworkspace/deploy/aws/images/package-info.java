/**
 * What the deployment knows about the platform's container images (built by Jib, see deploy/images/README.md):
 * their entrypoint, so a task definition can wrap it.
 */
package io.dataworkspace.deploy.aws.images;
