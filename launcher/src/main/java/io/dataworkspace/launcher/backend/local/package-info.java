/** The {@code local} backend: tools as local processes on loopback ports, for development and tests. */
package io.dataworkspace.launcher.backend.local;
