/** The {@code dataworkspace} command: wires the roles of the platform into one server process. */
package io.dataworkspace.server;
