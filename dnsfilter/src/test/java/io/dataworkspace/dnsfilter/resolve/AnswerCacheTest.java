package io.dataworkspace.dnsfilter.resolve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerCacheTest {

    private static final long SECOND = 1_000_000_000L;

    private static Answer answer(long now, long ttlSeconds) {
        WireRecord a = new WireRecord("hub.example.test.", WireRecord.A, 1, ttlSeconds, new byte[] {127, 0, 0, 1});
        return new Answer(0, List.of(a), List.of(), null, now, now + ttlSeconds * SECOND);
    }

    @Test
    void shouldFindAnAnswerByNameAndTypeUntilItExpires() {
        AnswerCache cache = new AnswerCache(10);
        long now = 1_000 * SECOND;
        Answer a = answer(now, 30);
        cache.put(new CacheKey("hub.example.test", WireRecord.A), a, now);

        // a different string with the same text finds it: lookups compare names, not identities
        assertThat(cache.get(new String("hub.example.test"), WireRecord.A, now + SECOND)).isSameAs(a);
        assertThat(cache.get(new CacheKey("hub.example.test", WireRecord.A), now)).isSameAs(a);
        assertThat(cache.get("hub.example.test", 28, now)).isNull();
        assertThat(cache.get("other.example.test", WireRecord.A, now)).isNull();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);

        assertThat(cache.get("hub.example.test", WireRecord.A, now + 30 * SECOND)).isNull();
        assertThat(cache.size()).isZero();   // the expired entry was dropped
    }

    @Test
    void shouldKeepAtMostItsBoundEvictingTheLeastRecentlyUsed() {
        AnswerCache cache = new AnswerCache(2);
        long now = 0;
        cache.put(new CacheKey("a.test", 1), answer(now, 30), now);
        cache.put(new CacheKey("b.test", 1), answer(now, 30), now);
        assertThat(cache.get("a.test", 1, now)).isNotNull();   // a is now the most recent
        cache.put(new CacheKey("c.test", 1), answer(now, 30), now);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b.test", 1, now)).isNull();
        assertThat(cache.get("a.test", 1, now)).isNotNull();
        assertThat(cache.get("c.test", 1, now)).isNotNull();
    }

    @Test
    void shouldCacheNothingWhenDisabledOrAlreadyExpired() {
        AnswerCache off = new AnswerCache(0);
        off.put(new CacheKey("a.test", 1), answer(0, 30), 0);
        assertThat(off.size()).isZero();

        AnswerCache cache = new AnswerCache(10);
        cache.put(new CacheKey("a.test", 1), answer(0, 0), 0);
        assertThat(cache.size()).isZero();
    }
}
