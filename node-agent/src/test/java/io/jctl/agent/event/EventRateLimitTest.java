package io.jctl.agent.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventRateLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRate() {
        EventRateLimit limit = new EventRateLimit(50, 100, 0);
        int granted = 0;
        for (int i = 0; i < 150; i++) {
            if (limit.tryAcquire(0)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(100);
        granted = 0;
        for (int i = 0; i < 100; i++) {
            if (limit.tryAcquire(SECOND)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(50);
    }

    @Test
    void refillsNoFurtherThanTheBurst() {
        EventRateLimit limit = new EventRateLimit(50, 100, 0);
        for (int i = 0; i < 100; i++) {
            limit.tryAcquire(0);
        }
        int granted = 0;
        for (int i = 0; i < 300; i++) {
            if (limit.tryAcquire(60 * SECOND)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(100);
    }
}
