package io.dataworkspace.dnsfilter.resolve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Positive and negative answers by TTL, at most {@code maxEntries} of them (least recently used evicted first).
 * A lookup allocates nothing: it goes through one reusable probe key. Confined to the DNS event loop.
 */
public final class AnswerCache {

    private final int maxEntries;
    private final LinkedHashMap<Key, Answer> map;
    /** The key of every lookup, refilled each time: never stored in the map. */
    private final Key probe = new Key();
    private long hits;
    private long misses;

    /**
     * @param maxEntries the bound; 0 disables caching
     */
    public AnswerCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
                return size() > AnswerCache.this.maxEntries;
            }
        };
    }

    /**
     * @param key the question
     * @param now {@link System#nanoTime()}
     * @return a live answer or null
     */
    public Answer get(CacheKey key, long now) {
        return get(key.name(), key.type(), now);
    }

    /**
     * @param name lower-case name without trailing dot
     * @param type record type code
     * @param now  {@link System#nanoTime()}
     * @return a live answer or null
     */
    public Answer get(String name, int type, long now) {
        Answer a = map.get(probe.set(name, type));
        if (a == null) {
            probe.set(null, 0);
            misses++;
            return null;
        }
        if (now - a.expiresAt() >= 0) {
            map.remove(probe);
            probe.set(null, 0);
            misses++;
            return null;
        }
        probe.set(null, 0);
        hits++;
        return a;
    }

    /**
     * Stores an answer unless it is already expired.
     *
     * @param key    the question
     * @param answer the answer
     * @param now    {@link System#nanoTime()}
     */
    public void put(CacheKey key, Answer answer, long now) {
        if (maxEntries > 0 && answer.expiresAt() - now > 0) {
            map.put(new Key().set(key.name(), key.type()), answer);
        }
    }

    /** Drops every entry (the rules changed). */
    public void clear() {
        map.clear();
    }

    /** @return entries held */
    public int size() {
        return map.size();
    }

    /** @return lookups answered from the cache so far */
    public long hits() {
        return hits;
    }

    /** @return lookups that missed so far */
    public long misses() {
        return misses;
    }

    /** A (name, type) key; stored keys are never changed after {@link #put}, only the probe is refilled. */
    private static final class Key {
        private String name;
        private int type;
        private int hash;

        Key set(String name, int type) {
            this.name = name;
            this.type = type;
            this.hash = name == null ? 0 : name.hashCode() * 31 + type;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && k.hash == hash && k.name.equals(name);
        }
    }
}
