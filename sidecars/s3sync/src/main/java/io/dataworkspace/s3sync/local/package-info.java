/** The local side: exclusions, scanning and stat of the folder, and the recursive watcher. */
package io.dataworkspace.s3sync.local;
