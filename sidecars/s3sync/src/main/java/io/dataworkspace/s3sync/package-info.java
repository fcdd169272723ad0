/**
 * The s3sync sidecar: keeps a tool's home folder and its S3 prefix in step without ever losing a
 * byte. {@link io.dataworkspace.s3sync.Main} wires the parts.
 */
package io.dataworkspace.s3sync;
