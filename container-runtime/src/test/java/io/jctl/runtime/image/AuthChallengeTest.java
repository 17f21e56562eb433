package io.jctl.runtime.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {
    @Test
    void parsesDockerHubsBearerChallenge() {
        AuthChallenge c = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull");
    }

    @Test
    void parsesBasicUnquotedEscapedAndSpacedParameters() {
        assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").scheme()).isEqualTo("basic");
        AuthChallenge c = AuthChallenge.parse("BEARER Realm=http://h/t, service=\"a \\\"b\\\"\" ,error=\"insufficient_scope\"");
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("http://h/t");
        assertThat(c.param("service")).isEqualTo("a \"b\"");
        assertThat(c.param("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void scopeWithSeveralActionsKeepsItsCommaInsideQuotes() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"r\",scope=\"repository:x:pull,push\"");
        assertThat(c.param("scope")).isEqualTo("repository:x:pull,push");
    }

    @Test
    void missingHeader() {
        assertThat(AuthChallenge.parse(null)).isNull();
        assertThat(AuthChallenge.parse("  ")).isNull();
    }
}
