package io.dataworkspace.proxy.sso;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReturnUrlsTest {
    private final ReturnUrls dev = new ReturnUrls(new PublicOrigin("http", "localhost", 8080));
    private final ReturnUrls prod = new ReturnUrls(PublicOrigin.parse("https://data.example.gov.uk"));

    @ParameterizedTest
    @CsvSource({
        "/, http://localhost:8080/",
        "/home?tab=tools, http://localhost:8080/home?tab=tools",
        "/a#frag, http://localhost:8080/a",
        "http://localhost:8080/x, http://localhost:8080/x",
        "HTTP://LOCALHOST:8080/x, http://localhost:8080/x",
        "http://localhost:8080, http://localhost:8080/",
        "http://jupyter-ab12.localhost:8080/lab?a=b, http://jupyter-ab12.localhost:8080/lab?a=b",
    })
    void shouldAllowTheRootOriginAndItsToolHosts(String next, String expected) {
        assertThat(dev.absolute(next)).contains(expected);
    }

    @Test
    void shouldDefaultToTheHomePage() {
        assertThat(dev.absolute(null)).contains("http://localhost:8080/");
        assertThat(prod.absolute("")).contains("https://data.example.gov.uk/");
        assertThat(prod.absolute("https://data.example.gov.uk:443/x")).contains("https://data.example.gov.uk/x");
        assertThat(prod.absolute("https://jupyter-ab12.data.example.gov.uk/x"))
                .contains("https://jupyter-ab12.data.example.gov.uk/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.com", "///evil.com", "https://evil.com", "http://evil.com",
            "http://localhost.evil.com:8080/", "http://evil.com/http://localhost:8080/",
            "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi", "/\\evil.com", "\\\\evil.com",
            "/x\\y", "http://localhost:8080@evil.com/", "http://evil.com@localhost:8080/",
            "http://user:pw@localhost:8080/", "/\t/evil.com", "/ /evil.com", "/\n/evil.com", "http:evil.com",
            "http:/evil.com", "evil.com", "http://a.b.localhost:8080/", "http://localhost:9090/",
            "https://localhost:8080/", "http://-x.localhost:8080/", "http://evil.com#.localhost:8080",
            "http://localhost%2eevil.com:8080/", "/caf\u00e9"})
    void shouldRefuseEverythingElse(String next) {
        assertThat(dev.absolute(next)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://data.example.gov.uk.evil.com/", "http://data.example.gov.uk/",
            "https://evildata.example.gov.uk/", "https://x.evil.data.example.gov.uk.com/",
            "https://a.b.data.example.gov.uk/"})
    void shouldRefuseLookAlikesOfAProductionDomain(String next) {
        assertThat(prod.absolute(next)).isEmpty();
    }

    @Test
    void shouldAcceptOnlyPlainPathsAsToolPaths() {
        assertThat(dev.path("/lab/tree?x=1")).contains("/lab/tree?x=1");
        assertThat(dev.path("//evil.com")).isEmpty();
        assertThat(dev.path("https://evil.com")).isEmpty();
        assertThat(dev.path("/\\evil.com")).isEmpty();
        assertThat(dev.path("lab")).isEmpty();
        assertThat(dev.path(null)).isEmpty();
    }
}
