/** Immutable, validated configuration of the sidecar, built once from the environment. */
package io.dataworkspace.s3sync.config;
