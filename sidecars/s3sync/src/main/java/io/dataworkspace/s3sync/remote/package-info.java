/** The remote side: an S3 prefix seen as relative paths, with conditional, checksummed transfers. */
package io.dataworkspace.s3sync.remote;
