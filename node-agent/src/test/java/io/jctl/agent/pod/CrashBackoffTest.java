package io.jctl.agent.pod;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CrashBackoffTest {
    static final long S = 1_000_000_000L;
    final AtomicLong now = new AtomicLong(1000 * S);
    final CrashBackoff backoff = new CrashBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);

    @Test
    void firstExitRestartsAtOnceThenWaitsTenSecondsDoublingToFiveMinutes() {
        assertThat(backoff.remaining("k", now.get())).isZero();
        backoff.next("k");
        assertThat(backoff.current("k")).isEqualTo(Duration.ofSeconds(10));
        long finished = now.addAndGet(S);
        assertThat(backoff.remaining("k", finished)).isEqualTo(Duration.ofSeconds(10));
        now.addAndGet(4 * S);
        assertThat(backoff.remaining("k", finished)).isEqualTo(Duration.ofSeconds(6));
        now.addAndGet(6 * S);
        assertThat(backoff.remaining("k", finished)).isZero();
        backoff.next("k");
        assertThat(backoff.current("k")).isEqualTo(Duration.ofSeconds(20));
        for (int i = 0; i < 10; i++) {
            now.addAndGet(S);
            backoff.next("k");
        }
        assertThat(backoff.current("k")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anEntryIdleForTwiceTheMaximumStartsOver() {
        backoff.next("k");
        backoff.next("k");
        assertThat(backoff.current("k")).isEqualTo(Duration.ofSeconds(20));
        now.addAndGet(11 * 60 * S);
        backoff.next("k");
        assertThat(backoff.current("k")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void forgettingAPodClearsItsContainers() {
        backoff.next("uid/a");
        backoff.next("other/a");
        backoff.forgetPrefix("uid/");
        assertThat(backoff.current("uid/a")).isZero();
        assertThat(backoff.current("other/a")).isEqualTo(Duration.ofSeconds(10));
    }
}
