/** The last synced state of every path, and its atomic persistence in the excluded state folder. */
package io.dataworkspace.s3sync.state;
