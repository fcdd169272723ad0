package io.dataworkspace.dnsfilter.resolve;

/** The outcome of resolving one name through the cache and the upstreams. */
public sealed interface LookupResult {

    /**
     * @param answer the answer
     * @param cached whether it came from the cache (or joined an identical query already in flight)
     */
    record Found(Answer answer, boolean cached) implements LookupResult { }

    /** @param reason why no answer could be had ({@code timeout}, {@code overload}, ...) */
    record Failed(String reason) implements LookupResult { }
}
