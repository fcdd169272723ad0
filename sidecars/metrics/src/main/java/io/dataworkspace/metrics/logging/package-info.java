/** Logback set up in code, for a fast start: console output, levels from the environment. */
package io.dataworkspace.metrics.logging;
