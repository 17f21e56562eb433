package io.jctl.apiserver.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of one run against one backend, rendered for the terminal or as markdown, with
 * the verdict on the design's API budgets: mutating p99 at most 100 ms at 64 clients on the
 * embedded store, and watch fan-out to 1000 watchers.
 */
public record BenchReport(String backend, boolean embedded, String machine, BenchOptions options,
                          List<VerbResult> verbs, Optional<WatchResult> watch, double rssMiB, double peakRssMiB,
                          double etcdRssMiB, String loadBefore, String loadAfter, double seconds) {
    public static final double MUTATING_P99_BUDGET_MILLIS = 100;
    public static final int BUDGET_CLIENTS = 64;
    public static final int BUDGET_WATCHERS = 1000;

    public BenchReport {
        verbs = List.copyOf(verbs);
    }

    /** Worst p99 of create, update and delete at {@value #BUDGET_CLIENTS} clients, if measured. */
    public Optional<Double> mutatingP99AtBudgetClients() {
        return verbs.stream().filter(v -> v.clients() == BUDGET_CLIENTS && v.mutating())
                .map(v -> v.latencies().percentileMillis(99)).max(Double::compare);
    }

    public Optional<Boolean> mutatingBudgetMet() {
        return mutatingP99AtBudgetClients().map(p -> p <= MUTATING_P99_BUDGET_MILLIS && verbs.stream()
                .filter(v -> v.clients() == BUDGET_CLIENTS && v.mutating()).allMatch(v -> v.errors() == 0));
    }

    public Optional<Boolean> watchBudgetMet() {
        return watch.filter(w -> w.watchers() >= BUDGET_WATCHERS).map(WatchResult::complete);
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("jctld bench: ").append(backend).append('\n').append(machine).append('\n')
                .append("load average before ").append(loadBefore).append(", after ").append(loadAfter)
                .append("; run took ").append(fmt(seconds, 0)).append(" s\n\n")
                .append(verbTable().text()).append('\n');
        watch.ifPresent(w -> b.append(watchTable(w).text()).append('\n'));
        b.append(memory()).append('\n').append(budgets()).append('\n').append(notes());
        return b.toString();
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(backend).append("\n\n").append(machine).append("  \n")
                .append("Load average before ").append(loadBefore).append(", after ").append(loadAfter)
                .append("; the run took ").append(fmt(seconds, 0)).append(" s.\n\n")
                .append(verbTable().markdown()).append('\n');
        watch.ifPresent(w -> b.append(watchTable(w).markdown()).append('\n'));
        b.append(memory()).append("\n\n").append(budgets().replace("\n", "  \n")).append('\n')
                .append(notes()).append('\n');
        return b.toString();
    }

    private TextTable verbTable() {
        TextTable t = new TextTable(List.of("verb", "clients", "requests", "errors", "req/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "server mean ms", "store mean ms", "CPU cores (process/client/etcd/others)"),
                false, true, true, true, true, true, true, true, true, true, true, false);
        for (VerbResult v : verbs) {
            Latencies l = v.latencies();
            t.add(List.of(v.verb(), Integer.toString(v.clients()), v.requests() + (v.timedOut() ? " (time limit)" : ""),
                    Integer.toString(v.errors()), fmt(v.perSecond(), 0), fmt(l.percentileMillis(50), 1),
                    fmt(l.percentileMillis(90), 1), fmt(l.percentileMillis(99), 1), fmt(l.maxMillis(), 1),
                    fmt(v.serverMeanMillis(), 1), fmt(v.storeMeanMillis(), 1), cpu(v.cpu())));
        }
        return t;
    }

    private static TextTable watchTable(WatchResult w) {
        TextTable t = new TextTable(List.of("watch fan-out", "value"), false, false);
        t.add(List.of("watchers connected", w.connected() + " of " + w.watchers() + " in " + fmt(w.connectSeconds(), 1)
                + " s"));
        t.add(List.of("paced writes (next after all watchers had the last)", Integer.toString(w.pacedWrites())));
        t.add(List.of("write latency p50 / p99 / max ms", triple(w.writeLatency())));
        t.add(List.of("fan-out from write answered, each watcher, p50 / p90 / p99 / max ms",
                fmt(w.fanout().percentileMillis(50), 1) + " / " + fmt(w.fanout().percentileMillis(90), 1) + " / "
                        + fmt(w.fanout().percentileMillis(99), 1) + " / " + fmt(w.fanout().maxMillis(), 1)));
        t.add(List.of("until the last watcher had it, p50 / p99 / max ms", triple(w.lastWatcher())));
        t.add(List.of("fan-out from write sent, each watcher, p50 / p99 / max ms", triple(w.fanoutFromSend())));
        t.add(List.of("from write sent until the last watcher had it, p50 / p99 / max ms",
                triple(w.lastWatcherFromSend())));
        t.add(List.of("CPU cores while paced (process/client/etcd/others)", cpu(w.pacedCpu())));
        t.add(List.of("burst writes (back to back)", w.burstWrites() + " in " + fmt(w.burstWriteSeconds(), 2) + " s = "
                + fmt(w.burstWritesPerSecond(), 0) + " writes/s"));
        t.add(List.of("burst events delivered", w.burstDelivered() + " in " + fmt(w.burstSeconds(), 2) + " s = "
                + fmt(w.eventsPerSecond(), 0) + " events/s"));
        t.add(List.of("burst fan-out from write answered, p50 / p99 / max ms", triple(w.burstFanout())));
        t.add(List.of("CPU cores during burst (process/client/etcd/others)", cpu(w.burstCpu())));
        t.add(List.of("missed events (paced + burst), watch errors, watches cut off",
                (w.pacedMissed() + w.burstMissed()) + ", " + w.watchErrors() + ", " + w.watchersEnded()));
        return t;
    }

    private String memory() {
        String s = "Process RSS at the end (api-server + load client in one JVM): " + fmt(rssMiB, 0)
                + " MiB (VmRSS), peak " + fmt(peakRssMiB, 0) + " MiB (VmHWM).";
        if (!Double.isNaN(etcdRssMiB)) {
            s += " etcd RSS: " + fmt(etcdRssMiB, 0) + " MiB.";
        }
        return s;
    }

    private String budgets() {
        StringBuilder b = new StringBuilder("Budgets (DESIGN.md):\n");
        Optional<Double> p99 = mutatingP99AtBudgetClients();
        b.append("- mutating p99 <= ").append(fmt(MUTATING_P99_BUDGET_MILLIS, 0)).append(" ms at ")
                .append(BUDGET_CLIENTS).append(" clients, embedded store: ");
        if (p99.isEmpty()) {
            b.append("not measured (no run at ").append(BUDGET_CLIENTS).append(" clients)");
        } else {
            boolean met = mutatingBudgetMet().orElse(false);
            if (embedded) {
                b.append(met ? "MET" : "MISSED").append(" (worst p99 ").append(fmt(p99.get(), 1)).append(" ms)");
            } else {
                b.append("applies to the embedded store; this backend's worst p99 is ").append(fmt(p99.get(), 1))
                        .append(" ms, ").append(met ? "within" : "over").append(" the same bound");
            }
        }
        b.append("\n- watch fan-out to ").append(BUDGET_WATCHERS).append(" watchers: ");
        if (watchBudgetMet().isEmpty()) {
            b.append("not measured (fewer than ").append(BUDGET_WATCHERS).append(" watchers)");
        } else {
            WatchResult w = watch.orElseThrow();
            b.append(watchBudgetMet().get() ? "MET" : "MISSED").append(" (").append(w.connected())
                    .append(" watchers, every event delivered: ").append(w.pacedMissed() + w.burstMissed() == 0)
                    .append(", fan-out p99 ").append(fmt(w.fanout().percentileMillis(99), 1)).append(" ms)");
        }
        return b.append('\n').toString();
    }

    private String notes() {
        return "Latency is client-observed (request handed to the HTTP client to whole body read) over HTTPS on "
                + "loopback, closed loop: each client sends its next request when its answer is in. 'server mean' "
                + "is the server's own request metric for the same requests, 'store mean' its store-call metric "
                + "(create/get/list/update/delete on configmaps). The load client runs in the same JVM on its "
                + "own " + BenchHttp.EVENT_LOOPS + " Vert.x event loops; its CPU is part of 'process' and shown as 'client'; "
                + "'etcd' is a --etcd-local etcd; 'others' is the rest of the machine (other processes).\n";
    }

    private static String cpu(CpuMeter.Usage u) {
        return fmt(u.process(), 2) + " / " + fmt(u.client(), 2) + " / " + fmt(u.etcd(), 2) + " / "
                + fmt(u.others(), 2);
    }

    private static String triple(Latencies l) {
        return fmt(l.percentileMillis(50), 1) + " / " + fmt(l.percentileMillis(99), 1) + " / " + fmt(l.maxMillis(), 1);
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
