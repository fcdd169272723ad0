package io.dataworkspace.dnsfilter.resolve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Positive and negative answers by TTL, at most {@code maxEntries} of them (least recently used evicted first).
 * Confined to the DNS event loop.
 */
public final class AnswerCache {

    private final int maxEntries;
    private final LinkedHashMap<CacheKey, Answer> map;
    private long hits;
    private long misses;

    /**
     * @param maxEntries the bound; 0 disables caching
     */
    public AnswerCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Answer> eldest) {
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
        Answer a = map.get(key);
        if (a == null) {
            misses++;
            return null;
        }
        if (now - a.expiresAt() >= 0) {
            map.remove(key);
            misses++;
            return null;
        }
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
            map.put(key, answer);
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
}
