/**
 * Object storage: {@link io.dataworkspace.launcher.storage.PlatformStorage} (the platform's own S3 client and
 * presigner) and {@link io.dataworkspace.launcher.storage.EmbeddedS3Store}, the in-process S3-compatible store of
 * the zero-configuration run, which enforces per-instance scopes like an STS session policy would.
 */
package io.dataworkspace.launcher.storage;
