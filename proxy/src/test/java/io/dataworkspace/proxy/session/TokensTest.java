package io.dataworkspace.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void shouldAcceptTheTokensItMints() {
        for (int bytes : new int[] {12, 32, 96}) {
            assertThat(Tokens.wellFormed(Tokens.random(bytes))).as("%d bytes", bytes).isTrue();
        }
        assertThat(Tokens.wellFormed("abcdefghijklmnop")).isTrue();
        assertThat(Tokens.wellFormed("A-_9".repeat(32))).isTrue();
    }

    @Test
    void shouldRefuseAnythingElse() {
        assertThat(Tokens.wellFormed(null)).isFalse();
        assertThat(Tokens.wellFormed("short")).isFalse();
        assertThat(Tokens.wellFormed("a".repeat(129))).isFalse();
        assertThat(Tokens.wellFormed("abcdefghijklmno=")).isFalse();
        assertThat(Tokens.wellFormed("abcdefgh ijklmnop")).isFalse();
        assertThat(Tokens.wellFormed("abcdefghijklmnoé")).isFalse();
        assertThat(Tokens.wellFormed("abcdefgh;ijklmnop")).isFalse();
    }
}
