package io.jctl.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.scheduler.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingQueueTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(60), now::get);

    @ParameterizedTest
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 10000", "30, 10000"})
    void backoffDoublesToTheCap(int attempts, long millis) {
        assertThat(q.backoffNanos(attempts)).isEqualTo(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void higherPriorityFirstThenFifo() {
        q.add(pod("a", 0));
        q.add(pod("b", 10));
        q.add(pod("c", 0));
        q.add(pod("d", 10));
        assertThat(popKeys(4)).isEqualTo("default/b default/d default/a default/c");
    }

    @Test
    void unschedulablePodWaitsForAnEventThenHonoursBackoff() {
        q.add(pod("a", 0));
        QueuedPodInfo a = q.poll(Duration.ZERO);
        q.requeueUnschedulable(a);
        assertThat(q.unschedulableCount()).isEqualTo(1);
        assertThat(q.poll(Duration.ZERO)).isNull();

        q.moveAllToActiveOrBackoff();
        assertThat(q.backoffCount()).as("one attempt: 1 s backoff not over").isEqualTo(1);
        assertThat(q.poll(Duration.ZERO)).isNull();
        now.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(q.poll(Duration.ZERO)).isSameAs(a);
        assertThat(a.attempts()).isEqualTo(2);
    }

    @Test
    void eventAfterBackoffGoesStraightToActive() {
        q.add(pod("a", 0));
        QueuedPodInfo a = q.poll(Duration.ZERO);
        q.requeueUnschedulable(a);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        q.moveAllToActiveOrBackoff();
        assertThat(q.activeCount()).isEqualTo(1);
    }

    @Test
    void eventDuringTheAttemptSendsThePodToBackoffNotUnschedulable() {
        q.add(pod("a", 0));
        QueuedPodInfo a = q.poll(Duration.ZERO);
        q.moveAllToActiveOrBackoff();
        q.requeueUnschedulable(a);
        assertThat(q.unschedulableCount()).isZero();
        assertThat(q.backoffCount()).isEqualTo(1);
    }

    @Test
    void unschedulablePodsAreFlushedAfterTheTimeout() {
        q.add(pod("a", 0));
        q.requeueUnschedulable(q.poll(Duration.ZERO));
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(q.poll(Duration.ZERO)).isNull();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(q.poll(Duration.ZERO)).isNotNull();
    }

    @Test
    void errorsBackOff() {
        q.add(pod("a", 0));
        QueuedPodInfo a = q.poll(Duration.ZERO);
        q.requeueAfterError(a);
        assertThat(q.backoffCount()).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(q.poll(Duration.ZERO)).isSameAs(a);
    }

    @Test
    void significantUpdateRetriesAnUnschedulablePod() {
        q.add(pod("a", 0));
        q.requeueUnschedulable(q.poll(Duration.ZERO));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        q.update(pod("a", 0), false);
        assertThat(q.unschedulableCount()).isEqualTo(1);
        q.update(pod("a", 0), true);
        assertThat(q.activeCount()).isEqualTo(1);
    }

    @Test
    void deletedOrBoundPodsAreNotRequeued() {
        q.add(pod("a", 0));
        QueuedPodInfo a = q.poll(Duration.ZERO);
        q.delete(a.key());
        q.requeueUnschedulable(a);
        q.requeueAfterError(a);
        assertThat(q.activeCount() + q.backoffCount() + q.unschedulableCount()).isZero();
        assertThat(q.whereIs(a.key())).isNull();
    }

    @Test
    void popWakesForANewPod() throws Exception {
        SchedulingQueue real = SchedulingQueue.withDefaults();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            real.add(pod("late", 0));
        });
        t.start();
        assertThat(real.pop().key()).isEqualTo("default/late");
        t.join();
        real.close();
        assertThat(real.pop()).isNull();
    }

    private String popKeys(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(q.poll(Duration.ZERO).key());
        }
        return s.toString();
    }

    private static Pod pod(String name, int priority) {
        return Fixtures.pod(name, null, null).editSpec().withPriority(priority).endSpec().build();
    }
}
