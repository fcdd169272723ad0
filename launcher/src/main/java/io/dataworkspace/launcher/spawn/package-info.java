/**
 * Spawning and stopping: the queue's workers, the starter that takes an instance to RUNNING, the stopper, and the
 * service the API and proxy call.
 */
package io.dataworkspace.launcher.spawn;
