/**
 * Credentials scoped to what an instance's user (or visualisation) is granted, built only from
 * {@link io.dataworkspace.launcher.access.GrantedDatasets}: S3 credentials (STS sessions with a session policy, or
 * embedded-store keys) served through the container-credentials protocol by
 * {@link io.dataworkspace.launcher.credentials.CredentialsEndpoint}, and temporary PostgreSQL login roles in the
 * datasets database. {@link io.dataworkspace.launcher.credentials.InstanceCredentials} is the entry point: issue at
 * start, revoke at stop, maintain (sweep and refresh) periodically.
 */
package io.dataworkspace.launcher.credentials;
