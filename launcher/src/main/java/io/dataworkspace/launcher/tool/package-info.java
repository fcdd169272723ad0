/** Tool templates: what a tool is, how each backend starts it, and its limits; loaded from a file at start. */
package io.dataworkspace.launcher.tool;
