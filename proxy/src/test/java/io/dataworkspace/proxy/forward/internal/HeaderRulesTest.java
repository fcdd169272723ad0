package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class HeaderRulesTest {

    private final HeaderRules requests = HeaderRules.forRequests();
    private final HeaderRules responses = HeaderRules.forResponses();

    @Test
    void shouldDropHopByHopHeadersInAnyCase() {
        for (String h : new String[] {"Connection", "KEEP-ALIVE", "te", "Trailer", "Transfer-Encoding", "Upgrade",
                "Proxy-Connection", "Proxy-Authorization", "proxy-authenticate", "Proxy-Anything"}) {
            assertThat(requests.classify(h)).as(h).isEqualTo(HeaderRules.DROP);
            assertThat(responses.classify(new AsciiString(h))).as(h).isEqualTo(HeaderRules.DROP);
        }
    }

    @Test
    void shouldDropClientIdentityHeadersOnlyOnRequests() {
        assertThat(requests.classify("X-Workspace-User-Email")).isEqualTo(HeaderRules.DROP);
        assertThat(requests.classify("x-workspace-anything")).isEqualTo(HeaderRules.DROP);
        assertThat(requests.classify("X-Workspace")).isEqualTo(HeaderRules.COPY);
        assertThat(requests.classify("X-Workspaces-User")).isEqualTo(HeaderRules.COPY);
        assertThat(responses.classify("X-Workspace-User-Email")).isEqualTo(HeaderRules.COPY);
    }

    @Test
    void shouldClassifySpecialRequestHeaders() {
        assertThat(requests.classify("Host")).isEqualTo(HeaderRules.HOST);
        assertThat(requests.classify("cookie")).isEqualTo(HeaderRules.COOKIE);
        assertThat(requests.classify("X-Forwarded-For")).isEqualTo(HeaderRules.FORWARDED);
        assertThat(requests.classify("x-forwarded-proto")).isEqualTo(HeaderRules.FORWARDED);
        assertThat(requests.classify("X-Forwarded-Host")).isEqualTo(HeaderRules.FORWARDED);
        assertThat(requests.classify("Forwarded")).isEqualTo(HeaderRules.DROP);
        assertThat(requests.classify("X-Real-IP")).isEqualTo(HeaderRules.DROP);
        assertThat(requests.classify("Expect")).isEqualTo(HeaderRules.DROP);
        assertThat(requests.classify("Accept")).isEqualTo(HeaderRules.COPY);
        assertThat(responses.classify("Set-Cookie")).isEqualTo(HeaderRules.COPY);
        assertThat(responses.classify("Cookie")).isEqualTo(HeaderRules.COPY);
    }

    @Test
    void shouldFindNamesListedInConnection() {
        assertThat(HeaderRules.listedIn("keep-alive, X-Foo ,x-bar", "x-foo")).isTrue();
        assertThat(HeaderRules.listedIn("keep-alive, X-Foo ,x-bar", "X-BAR")).isTrue();
        assertThat(HeaderRules.listedIn("keep-alive, X-Foo", "X-Fo")).isFalse();
        assertThat(HeaderRules.listedIn("X-Foobar", "X-Foo")).isFalse();
        assertThat(HeaderRules.listsExtraHeaders("keep-alive")).isFalse();
        assertThat(HeaderRules.listsExtraHeaders("Keep-Alive, Upgrade")).isFalse();
        assertThat(HeaderRules.listsExtraHeaders("close")).isFalse();
        assertThat(HeaderRules.listsExtraHeaders("close, X-Secret")).isTrue();
    }
}
