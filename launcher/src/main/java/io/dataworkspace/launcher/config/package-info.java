/** Configuration: immutable records built once from an environment map, validated when built. */
package io.dataworkspace.launcher.config;
