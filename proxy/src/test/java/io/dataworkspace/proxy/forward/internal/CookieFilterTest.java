package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CookieFilterTest {

    private final CookieFilter filter = new CookieFilter(Set.of("dws_session", "__Host-dws"));

    @Test
    void shouldReturnTheSameValueWhenThereIsNothingToRemove() {
        String value = "_xsrf=abc; theme=dark";
        assertThat(filter.filter(value)).isSameAs(value);
    }

    @Test
    void shouldRemoveOnlyExactNames() {
        assertThat(filter.filter("a=1; dws_session=s; b=2")).isEqualTo("a=1; b=2");
        assertThat(filter.filter("dws_session=s;a=1")).isEqualTo("a=1");
        assertThat(filter.filter("__Host-dws=x; a=1; dws_session=s")).isEqualTo("a=1");
        assertThat(filter.filter("my_dws_session=1; dws_session_old=2")).isEqualTo("my_dws_session=1; dws_session_old=2");
        assertThat(filter.filter("DWS_SESSION=1")).isEqualTo("DWS_SESSION=1");
    }

    @Test
    void shouldReturnNullWhenOnlyProxyCookiesWereSent() {
        assertThat(filter.filter("dws_session=s")).isNull();
        assertThat(filter.filter("dws_session=s; __Host-dws=t")).isNull();
    }

    @Test
    void shouldKeepValuesContainingEqualsSigns() {
        assertThat(filter.filter("t=a=b==; dws_session=s")).isEqualTo("t=a=b==");
    }
}
