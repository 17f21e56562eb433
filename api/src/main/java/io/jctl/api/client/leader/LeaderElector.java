package io.jctl.api.client.leader;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ResourceClient;
import io.jctl.api.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, as client-go's leaderelection: the
 * holder renews the lease every retry period; the others take it over once they have seen no
 * renewal for the lease duration (measured on their own clock, so clock skew between machines
 * does not matter). Every write carries the resourceVersion read, so two candidates can never
 * both win.
 *
 * <p>The leader that cannot renew within the renew deadline steps down
 * ({@code onStoppedLeading}) and becomes a candidate again. {@link #stop()} releases the lease
 * so another candidate takes over at once. Callbacks run on the elector's thread and must
 * return quickly: start your own threads from {@code onStartedLeading}.
 */
public final class LeaderElector {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

    private final ResourceClient<Lease> leases;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Runnable onStartedLeading;
    private final Runnable onStoppedLeading;
    private final Consumer<String> onNewLeader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean leader;
    private volatile String observedHolder;
    /** The lease spec last read or written, and when (System.nanoTime()) it last changed. */
    private LeaseSpec observedSpec;
    private long observedAt;
    private Lease lastLease;

    private LeaderElector(Builder b) {
        this.leases = b.client.leases();
        this.namespace = b.namespace;
        this.name = b.name;
        this.identity = b.identity;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.onStartedLeading = b.onStartedLeading;
        this.onStoppedLeading = b.onStoppedLeading;
        this.onNewLeader = b.onNewLeader;
    }

    /** An elector for the lease {@code namespace/name}; {@code identity} must be unique per candidate. */
    public static Builder builder(ApiClient client, String namespace, String name, String identity) {
        return new Builder(client, namespace, name, identity);
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("leader elector already started");
        }
        thread = new Thread(this::run, "jctl-leader-elector " + namespace + "/" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops campaigning; a leader releases the lease and gets {@code onStoppedLeading} first. */
    public void stop() {
        stopped.countDown();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(renewDeadline.toMillis() + TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** The holder this candidate last saw in the lease, or null. */
    public String observedLeader() {
        return observedHolder;
    }

    public String identity() {
        return identity;
    }

    private boolean running() {
        return stopped.getCount() > 0;
    }

    private void run() {
        while (running()) {
            while (running() && !tryAcquireOrRenew()) {
                sleep(jittered(retryPeriod));
            }
            if (!running()) {
                break;
            }
            leader = true;
            LOG.info("{} became leader of lease {}/{}", identity, namespace, name);
            callback(onStartedLeading, "onStartedLeading");
            long lastRenew = System.nanoTime();
            while (running()) {
                sleep(retryPeriod);
                if (!running()) {
                    break;
                }
                if (tryAcquireOrRenew()) {
                    lastRenew = System.nanoTime();
                } else if (System.nanoTime() - lastRenew > renewDeadline.toNanos()) {
                    LOG.warn("{} could not renew lease {}/{} within {}: stepping down", identity, namespace, name,
                            renewDeadline);
                    break;
                }
            }
            if (!running()) {
                release();
            }
            leader = false;
            callback(onStoppedLeading, "onStoppedLeading");
        }
    }

    /** One attempt to become or stay the holder; false if someone else holds it or a write lost a race. */
    private boolean tryAcquireOrRenew() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        try {
            Optional<Lease> current = leases.find(namespace, name);
            if (current.isEmpty()) {
                Lease created = leases.create(new LeaseBuilder()
                        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
                        .withSpec(new LeaseSpecBuilder().withHolderIdentity(identity)
                                .withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).build())
                        .build());
                observe(created);
                return true;
            }
            Lease lease = current.get();
            observe(lease);
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            String holder = spec.getHolderIdentity();
            boolean mine = identity.equals(holder);
            if (!mine && holder != null && !holder.isEmpty() && !expired(spec)) {
                return false;
            }
            LeaseSpec next = new LeaseSpecBuilder(spec)
                    .withHolderIdentity(identity)
                    .withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                    .withRenewTime(now)
                    .withAcquireTime(mine && spec.getAcquireTime() != null ? spec.getAcquireTime() : now)
                    .withLeaseTransitions(mine ? orZero(spec.getLeaseTransitions()) : orZero(spec.getLeaseTransitions()) + 1)
                    .build();
            lease.setSpec(next);
            observe(leases.update(lease));
            return true;
        } catch (ApiException e) {
            if (e.code() != 409) {
                LOG.warn("{}: lease {}/{}: {}", identity, namespace, name, e.getMessage());
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warn("{}: lease {}/{}: {}", identity, namespace, name, e.toString());
            return false;
        }
    }

    /** Gives the lease up so the next candidate need not wait for it to expire. */
    private void release() {
        Lease lease = lastLease;
        if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease.setSpec(new LeaseSpecBuilder(lease.getSpec())
                .withHolderIdentity(null)
                .withLeaseDurationSeconds(1)
                .withAcquireTime(now)
                .withRenewTime(now)
                .build());
        try {
            observe(leases.update(lease));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not release lease {}/{}: {}", identity, namespace, name, e.toString());
        }
    }

    private void observe(Lease lease) {
        lastLease = lease;
        LeaseSpec spec = lease.getSpec();
        if (!Objects.equals(spec, observedSpec)) {
            observedSpec = spec;
            observedAt = System.nanoTime();
        }
        String holder = spec == null ? null : spec.getHolderIdentity();
        String previous = observedHolder;
        observedHolder = holder;
        if (onNewLeader != null && holder != null && !holder.isEmpty() && !holder.equals(previous)) {
            try {
                onNewLeader.accept(holder);
            } catch (RuntimeException e) {
                LOG.warn("onNewLeader callback failed", e);
            }
        }
    }

    private boolean expired(LeaseSpec spec) {
        long seconds = spec.getLeaseDurationSeconds() == null ? leaseDuration.toSeconds() : spec.getLeaseDurationSeconds();
        return System.nanoTime() - observedAt > TimeUnit.SECONDS.toNanos(seconds);
    }

    private void callback(Runnable r, String what) {
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} callback of {} failed", what, identity, e);
        }
    }

    private void sleep(Duration d) {
        try {
            stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    private static Duration jittered(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * (1 + 0.2 * ThreadLocalRandom.current().nextDouble())));
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    public static final class Builder {
        private final ApiClient client;
        private final String namespace;
        private final String name;
        private final String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Runnable onStartedLeading;
        private Runnable onStoppedLeading;
        private Consumer<String> onNewLeader;

        private Builder(ApiClient client, String namespace, String name, String identity) {
            this.client = Objects.requireNonNull(client);
            this.namespace = Objects.requireNonNull(namespace);
            this.name = Objects.requireNonNull(name);
            if (identity == null || identity.isEmpty()) {
                throw new IllegalArgumentException("a leader election identity is required");
            }
            this.identity = identity;
        }

        /** How long others wait after the last renewal they saw before taking over (whole seconds). */
        public Builder leaseDuration(Duration d) {
            this.leaseDuration = d;
            return this;
        }

        /** How long the leader keeps trying to renew before it steps down. */
        public Builder renewDeadline(Duration d) {
            this.renewDeadline = d;
            return this;
        }

        /** How often candidates try to acquire and the leader renews. */
        public Builder retryPeriod(Duration d) {
            this.retryPeriod = d;
            return this;
        }

        public Builder onStartedLeading(Runnable r) {
            this.onStartedLeading = r;
            return this;
        }

        public Builder onStoppedLeading(Runnable r) {
            this.onStoppedLeading = r;
            return this;
        }

        /** Told the identity of each new holder this candidate observes, itself included. */
        public Builder onNewLeader(Consumer<String> c) {
            this.onNewLeader = c;
            return this;
        }

        public LeaderElector build() {
            if (leaseDuration.toSeconds() < 1) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 s");
            }
            if (leaseDuration.compareTo(renewDeadline) <= 0) {
                throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
            }
            if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 1.2) {
                throw new IllegalArgumentException("renewDeadline must be greater than 1.2 x retryPeriod");
            }
            return new LeaderElector(this);
        }
    }
}
