/**
 * Instances and their lifecycle: the sealed state type, guarded transitions, the spawn queue, progress messages and
 * the NOTIFY-fed change feed other modules subscribe to.
 */
package io.dataworkspace.launcher.instance;
