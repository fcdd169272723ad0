/**
 * The three-way decision: what to do with one path given the local file, the remote object and the
 * last synced state. Pure functions and value types only, so every combination is unit tested.
 */
package io.dataworkspace.s3sync.decide;
