package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void parsesBearerWithQuotedParameters() {
        assertThat(Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull,push\""))
                .containsExactly(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                        "service", "registry.docker.io", "scope", "repository:library/alpine:pull,push")));
    }

    @Test
    void parsesSeveralChallengesAndOddSpacing() {
        assertThat(Challenge.parse("Basic realm=\"a b\" , Bearer realm=x,  service=\"s\\\"q\""))
                .containsExactly(new Challenge("basic", Map.of("realm", "a b")),
                        new Challenge("bearer", Map.of("realm", "x", "service", "s\"q")));
    }

    @Test
    void malformedHeadersNeverThrow() {
        for (String bad : List.of("", "=", "Bearer realm=\"unterminated", ",,,", "Bearer ==x", "\"")) {
            assertThat(Challenge.parse(bad)).isNotNull();
        }
        assertThat(Challenge.parse(null)).isEmpty();
    }

    @Test
    void loopbackAndListedHostsMayUsePlainHttp() {
        assertThat(Endpoint.isInsecure("127.0.0.1:5000", Set.of())).isTrue();
        assertThat(Endpoint.isInsecure("127.9.9.9", Set.of())).isTrue();
        assertThat(Endpoint.isInsecure("localhost:5000", Set.of())).isTrue();
        assertThat(Endpoint.isInsecure("[::1]:5000", Set.of())).isTrue();
        assertThat(Endpoint.isInsecure("reg.example.com:5000", Set.of())).isFalse();
        assertThat(Endpoint.isInsecure("reg.example.com:5000", Set.of("reg.example.com:5000"))).isTrue();
        assertThat(Endpoint.isInsecure("10.0.0.1", Set.of())).isFalse();
    }

    @Test
    void retryDelaysDoubleUpToTheCap() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(List.of(p.delay(1), p.delay(2), p.delay(3), p.delay(10)).stream().map(d -> d.toMillis()))
                .containsExactly(250L, 500L, 1000L, 8000L);
        assertThat(p.retryAfter(3600).toSeconds()).isEqualTo(60);
    }
}
