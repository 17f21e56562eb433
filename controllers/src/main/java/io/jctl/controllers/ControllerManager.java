package io.jctl.controllers;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.leader.LeaderElector;
import io.jctl.api.controller.Controller;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs the registered controllers while, and only while, this instance holds the Lease
 * {@code kube-system/jctl-controller-manager}. Each leadership term gets one fresh
 * {@link InformerFactory} shared by all controllers (one watch per resource), and ends with all
 * of them stopped, so a manager that lost the lease and wins it back starts clean. Given a
 * process's shared factory ({@link Builder#informers}), a term's factory is a
 * {@link InformerFactory#view() view} of it: the watches and caches outlive the term, the
 * controllers' handlers do not.
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_NAME = "jctl-controller-manager";

    private final ApiClient client;
    private final MeterRegistry metrics;
    private final ControllerOptions options;
    private final List<ControllerFactory> factories;
    private final Clock clock;
    /** The process's informers that each term's are views of; null to give each term its own. */
    private final InformerFactory sharedInformers;
    private final LeaderElector elector;
    private final String identity;
    /** The current term's informers and controllers; null while not leading. */
    private Term term;
    private boolean closed;

    private ControllerManager(Builder b) {
        this.client = b.client;
        this.metrics = b.metrics;
        this.options = b.options;
        this.factories = List.copyOf(b.factories);
        this.clock = b.clock;
        this.sharedInformers = b.sharedInformers;
        this.identity = b.identity != null ? b.identity : defaultIdentity();
        this.elector = b.leaderElection
                ? LeaderElector.builder(client, LEASE_NAMESPACE, LEASE_NAME, identity)
                .leaseDuration(b.leaseDuration).renewDeadline(b.renewDeadline).retryPeriod(b.retryPeriod)
                .onStartedLeading(this::startTerm).onStoppedLeading(this::stopTerm).build()
                : null;
    }

    /** A manager running every controller of {@link ControllerRegistry}, under leader election. */
    public static Builder builder(ApiClient client, MeterRegistry metrics) {
        return new Builder(client, metrics);
    }

    /** Campaigns for the lease (or, without leader election, starts the controllers at once). */
    public void start() {
        if (elector != null) {
            elector.start();
        } else {
            startTerm();
        }
    }

    /** Stops the controllers and, if leading, releases the lease so another instance takes over at once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (elector != null) {
            elector.stop();
        }
        stopTerm();
    }

    /** True while this manager's controllers run. */
    public synchronized boolean isRunning() {
        return term != null;
    }

    public boolean isLeader() {
        return elector == null ? isRunning() : elector.isLeader();
    }

    public String identity() {
        return identity;
    }

    /** The names of the controllers running now; empty while not leading. */
    public synchronized List<String> runningControllers() {
        return term == null ? List.of() : term.controllers.stream().map(Controller::name).toList();
    }

    private synchronized void startTerm() {
        if (closed || term != null) {
            return;
        }
        LOG.info("controller-manager {} starting {} controllers", identity, factories.size());
        InformerFactory informers = sharedInformers != null ? sharedInformers.view() : new InformerFactory(client);
        ControllerContext ctx = new ControllerContext(client, informers, metrics, options, clock);
        List<Controller> controllers = new ArrayList<>();
        for (ControllerFactory f : factories) {
            controllers.add(f.create(ctx));
        }
        controllers.forEach(Controller::start);
        informers.start();
        term = new Term(informers, controllers);
    }

    private void stopTerm() {
        Term t;
        synchronized (this) {
            t = term;
            term = null;
        }
        if (t == null) {
            return;
        }
        LOG.info("controller-manager {} stopping its controllers", identity);
        t.controllers.forEach(Controller::stop);
        t.informers.stop();
    }

    private static String defaultIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "_" + UUID.randomUUID();
    }

    private record Term(InformerFactory informers, List<Controller> controllers) {
    }

    public static final class Builder {
        private final ApiClient client;
        private final MeterRegistry metrics;
        private ControllerOptions options = ControllerOptions.defaults();
        private List<ControllerFactory> factories = ControllerRegistry.all();
        private Clock clock = Clock.systemUTC();
        private InformerFactory sharedInformers;
        private String identity;
        private boolean leaderElection = true;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);

        private Builder(ApiClient client, MeterRegistry metrics) {
            this.client = Objects.requireNonNull(client, "client");
            this.metrics = metrics;
        }

        public Builder options(ControllerOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /** Replaces the controllers to run (default: {@link ControllerRegistry#all()}). */
        public Builder controllers(List<ControllerFactory> factories) {
            this.factories = List.copyOf(factories);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Informers shared with other components of this process (e.g. the scheduler in
         * {@code jctld server}): one watch and one cache per resource for all of them. The
         * manager starts them with its first term if nobody did before and never stops them.
         */
        public Builder informers(InformerFactory shared) {
            this.sharedInformers = shared;
            return this;
        }

        /** The leader election identity; default {@code <hostname>_<uuid>}. */
        public Builder identity(String identity) {
            this.identity = identity;
            return this;
        }

        /** Without leader election the controllers run from {@link #start()} on (tests, single instance). */
        public Builder leaderElection(boolean enabled) {
            this.leaderElection = enabled;
            return this;
        }

        /** Lease timing; defaults 15 s lease, 10 s renew deadline, 2 s retry as kube-controller-manager. */
        public Builder leaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            this.leaseDuration = leaseDuration;
            this.renewDeadline = renewDeadline;
            this.retryPeriod = retryPeriod;
            return this;
        }

        public ControllerManager build() {
            return new ControllerManager(this);
        }
    }
}
