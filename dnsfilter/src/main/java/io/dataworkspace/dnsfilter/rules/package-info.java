/**
 * The rules file: an ordered list of allow / rewrite / static / deny rules, parsed from YAML with line numbers,
 * compiled for fast first-match lookups, and reloaded on file change or SIGHUP.
 */
package io.dataworkspace.dnsfilter.rules;
