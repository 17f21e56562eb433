package io.jctl.agent.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Times syncs of the proxy's rules into the real kernel (root): a full sync of S services × E
 * endpoints, a sync with nothing changed, and one-endpoint changes (partial syncs), then cleanup.
 * Chains are prefixed JBENCH and removed at the end, also on failure.
 *
 * Needs nothing but the node-agent's own classes; after {@code mvn -o -pl node-agent -am test-compile}:
 * {@code java -cp node-agent/target/classes:node-agent/target/test-classes io.jctl.agent.proxy.ProxySyncBench 1000 3 5}
 * (services, endpoints per service, rounds of one-endpoint changes). Prints milliseconds; asserts nothing.
 */
public final class ProxySyncBench {
    private ProxySyncBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (args.length > 3) { // the full-sync script only, for timing iptables-restore by hand
            ProxyRules rules = new ProxyRules(ProxyConfig.defaults().withChainPrefix("JBENCH"));
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[3]),
                    rules.plan(ports(services, endpoints, 0), null, SavedRules.empty()).script());
            return;
        }
        ProxyConfig config = ProxyConfig.defaults().withChainPrefix("JBENCH").withClusterCidr("10.244.0.0/16");
        IptablesProxier proxier = new IptablesProxier(config);
        try {
            List<ProxiedPort> ports = ports(services, endpoints, 0);
            report("full sync (first)", proxier.sync(ports));
            report("no change", proxier.sync(ports));
            for (int round = 1; round <= rounds; round++) {
                report("one endpoint changed", proxier.sync(ports(services, endpoints, round)));
            }
            proxier.requireFullSync();
            report("full sync (restart)", proxier.sync(ports(services, endpoints, rounds)));
            long start = System.nanoTime();
            proxier.cleanup();
            System.out.printf("cleanup: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        } finally {
            new IptablesProxier(config).cleanup();
        }
    }

    /** Services 10.96.x.y:80 with endpoints 10.244.x.y:8080; {@code change} moves one endpoint of service 0. */
    static List<ProxiedPort> ports(int services, int endpoints, int change) {
        List<ProxiedPort> out = new ArrayList<>();
        int ip = 1;
        for (int s = 0; s < services; s++) {
            List<ProxiedPort.Endpoint> eps = new ArrayList<>();
            for (int e = 0; e < endpoints; e++) {
                int n = (s == 0 && e == 0) ? 60000 + change : ip++;
                eps.add(new ProxiedPort.Endpoint("10.244." + (n >> 8 & 255) + "." + (n & 255), 8080));
            }
            eps.sort(null);
            out.add(new ProxiedPort("bench", "svc-" + s, "http", "tcp", "10.96." + (s >> 8) + "." + (s & 255), 80,
                    s % 10 == 0 ? 30000 + s : 0, 0, eps));
        }
        return out;
    }

    private static void report(String what, IptablesProxier.SyncResult r) {
        System.out.printf("%-22s %6d ms  (%d chains written, %d deleted, %d KiB script%s)%n", what, r.nanos() / 1_000_000,
                r.chainsWritten(), r.chainsDeleted(), r.scriptBytes() / 1024, r.applied() ? "" : ", nothing applied");
    }
}
