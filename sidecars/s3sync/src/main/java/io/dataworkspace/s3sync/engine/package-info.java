/**
 * The sync engine: one coordinator decides, a pool of workers acts, a poller lists the prefix, the
 * watcher and periodic full scans feed paths to look at. Every action re-checks its preconditions
 * against the disk right before it changes anything.
 */
package io.dataworkspace.s3sync.engine;
