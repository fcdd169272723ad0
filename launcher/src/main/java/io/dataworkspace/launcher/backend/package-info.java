/** The {@link io.dataworkspace.launcher.backend.ContainerBackend} role and what backends share. */
package io.dataworkspace.launcher.backend;
