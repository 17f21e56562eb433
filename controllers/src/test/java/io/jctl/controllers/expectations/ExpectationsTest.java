package io.jctl.controllers.expectations;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectationsTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void pendingUntilEveryCreationAndDeletionIsObservedOrExpired() {
        MutableClock clock = new MutableClock();
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
        clock.now = clock.now.plus(Expectations.TTL).plusSeconds(1);
        assertThat(e.satisfied("k")).as("expired").isTrue();
    }
}
