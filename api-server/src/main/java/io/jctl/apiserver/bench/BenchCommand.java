package io.jctl.apiserver.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jctld bench}: benchmark an in-process api-server over loopback HTTPS. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Start an api-server in this process (127.0.0.1, free port) and measure it over HTTPS:",
                "create/get/list/update/delete of ConfigMaps at several client counts, then watch fan-out.",
                "The embedded store lives in a temporary directory that is deleted at the end."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--clients", split = ",", paramLabel = "N", defaultValue = "1,16,64",
            description = "Concurrent clients, one level after another (default: ${DEFAULT-VALUE}).")
    List<Integer> clients = new ArrayList<>();

    @Option(names = "--requests", defaultValue = "5000",
            description = "Requests per verb and client count (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--list-size", defaultValue = "500",
            description = "ConfigMaps in the namespace that is listed (default: ${DEFAULT-VALUE}).")
    int listSize;

    @Option(names = "--list-requests", defaultValue = "200",
            description = "List requests per client count (default: ${DEFAULT-VALUE}; 0 skips lists).")
    int listRequests;

    @Option(names = "--watchers", defaultValue = "1000",
            description = "Concurrent watchers in the fan-out test (default: ${DEFAULT-VALUE}; 0 skips it).")
    int watchers;

    @Option(names = "--watch-writes", defaultValue = "200",
            description = "Paced writes, then as many back to back, seen by all watchers (default: ${DEFAULT-VALUE}).")
    int watchWrites;

    @Option(names = "--phase-timeout", defaultValue = "PT60S",
            description = "Time limit of each phase, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    @Option(names = "--etcd-endpoints", split = ",", paramLabel = "URL",
            description = "Benchmark against this etcd instead of the embedded store (objects are removed after).")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--etcd-local",
            description = "Start a throwaway etcd (--etcd-binary) on free loopback ports and benchmark against it.")
    boolean etcdLocal;

    @Option(names = "--etcd-binary", defaultValue = "/usr/bin/etcd",
            description = "The etcd for --etcd-local (default: ${DEFAULT-VALUE}).")
    Path etcdBinary;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the figures as markdown here.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        if (etcdLocal && !etcdEndpoints.isEmpty()) {
            System.err.println("jctld bench: use either --etcd-local or --etcd-endpoints");
            return 2;
        }
        BenchOptions options = new BenchOptions(clients, requests, listSize, listRequests, watchers, watchWrites,
                phaseTimeout);
        BenchReport report;
        try (BenchBackend backend = etcdLocal ? BenchBackend.localEtcd(etcdBinary)
                : etcdEndpoints.isEmpty() ? BenchBackend.embedded() : BenchBackend.etcd(etcdEndpoints)) {
            System.out.println("benchmarking " + backend.description() + " on " + backend.server().url());
            report = Benchmark.run(backend, options, System.out);
        }
        System.out.println();
        System.out.print(report.text());
        if (markdown != null) {
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, report.markdown());
            System.out.println("markdown written to " + markdown);
        }
        return 0;
    }
}
