package io.dataworkspace.proxy.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void shouldLowerCaseTheEmailAndKeepTheName() {
        assertThat(Identity.fromClaims("s1", new JsonObject().put("email", " Ann@Example.ORG ").put("name", "Ann A")))
                .isEqualTo(new Identity("s1", "ann@example.org", "Ann A"));
    }

    @Test
    void shouldFallBackToGivenAndFamilyNamesThenTheEmailLocalPart() {
        assertThat(Identity.fromClaims("s", new JsonObject().put("email", "b@x.org").put("given_name", "Bo")
                .put("family_name", "Bee")).name()).isEqualTo("Bo Bee");
        assertThat(Identity.fromClaims("s", new JsonObject().put("email", "cy@x.org")).name()).isEqualTo("cy");
    }

    @Test
    void shouldLeaveTheEmailEmptyWhenTheProviderSharedNone() {
        Identity identity = Identity.fromClaims("s", new JsonObject().put("email", " "));
        assertThat(identity.email()).isNull();
        assertThat(identity.name()).isEmpty();
    }
}
