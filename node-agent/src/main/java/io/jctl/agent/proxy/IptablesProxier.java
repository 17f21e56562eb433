package io.jctl.agent.proxy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Applies the proxy's rules to the kernel and remembers what it wrote, so that the next sync
 * only rewrites the chains that changed. The first sync, and the one after any
 * failure, is full: it reads the kernel's rules and rewrites every chain of ours, which is how
 * a restarted proxy takes over the chains its predecessor left. Not thread-safe: one syncing thread.
 */
final class IptablesProxier {
    private final Iptables iptables;
    private final ProxyRules rules;
    /** Our chains as last written; null when the next sync must be full. */
    private Map<String, String> written;
    private List<ProxiedPort> lastPorts;

    IptablesProxier(ProxyConfig config) {
        this.iptables = new Iptables(config.iptables());
        this.rules = new ProxyRules(config);
    }

    /** Makes the kernel's rules match {@code ports}; nothing is run when they already do. */
    SyncResult sync(List<ProxiedPort> ports) throws IOException {
        long start = System.nanoTime();
        if (written != null && ports.equals(lastPorts)) {
            return new SyncResult(false, false, 0, 0, 0, System.nanoTime() - start);
        }
        boolean full = written == null;
        SavedRules saved = full ? SavedRules.parse(iptables.save("nat", "filter")) : SavedRules.empty();
        ProxyRules.Plan plan = rules.plan(ports, written, saved);
        written = null; // a failed restore leaves the kernel in an unknown state: next time, full
        if (!plan.script().isEmpty()) {
            iptables.restore(plan.script());
        }
        written = plan.chains();
        lastPorts = List.copyOf(ports);
        return new SyncResult(!plan.script().isEmpty(), full, plan.chainsWritten(), plan.chainsDeleted(),
                plan.script().length(), System.nanoTime() - start);
    }

    /** The next sync reads the kernel and rewrites everything. */
    void requireFullSync() {
        written = null;
    }

    /** Removes every chain and jump of ours from the kernel. */
    void cleanup() throws IOException {
        String script = rules.cleanup(SavedRules.parse(iptables.save("nat", "filter")));
        if (!script.isEmpty()) {
            iptables.restore(script);
        }
        written = null;
        lastPorts = null;
    }

    /**
     * @param applied        whether iptables-restore ran
     * @param chainsWritten  per-service and per-endpoint chains (re)written
     * @param scriptBytes    size of the restore input
     */
    record SyncResult(boolean applied, boolean full, int chainsWritten, int chainsDeleted, int scriptBytes,
                      long nanos) {
    }
}
