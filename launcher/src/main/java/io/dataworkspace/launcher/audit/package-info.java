/** The audit log: an append-only record of admin changes, launches, stops and denials. */
package io.dataworkspace.launcher.audit;
