package io.dataworkspace.dnsfilter.resolve;

/**
 * Key of the answer cache.
 *
 * @param name lower-case name without trailing dot
 * @param type record type code
 */
public record CacheKey(String name, int type) { }
