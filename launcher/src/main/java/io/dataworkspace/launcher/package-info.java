/** The control plane: {@link io.dataworkspace.launcher.Launcher} wires every part of it. */
package io.dataworkspace.launcher;
