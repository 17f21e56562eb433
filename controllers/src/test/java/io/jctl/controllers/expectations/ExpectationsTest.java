package io.jctl.controllers.expectations;

import org.junit.jupiter.api.Test;

import io.jctl.controllers.testing.MutableClock;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectationsTest {
    @Test
    void pendingUntilEveryCreationAndDeletionIsObservedOrExpired() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        Expectations e = new Expectations(clock);
        assertThat(e.satisfied("k")).isTrue();
        e.expectCreations("k", 2);
        e.creationObserved("k");
        assertThat(e.satisfied("k")).isFalse();
        e.creationObserved("k");
        assertThat(e.satisfied("k")).isTrue();

        e.expectDeletions("k", List.of("u1", "u2"));
        e.deletionObserved("k", "u1");
        e.deletionObserved("k", "u1");
        assertThat(e.satisfied("k")).isFalse();
        clock.advance(Expectations.TTL.plusSeconds(1));
        assertThat(e.satisfied("k")).as("expired").isTrue();
    }
}
