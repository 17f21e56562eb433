package io.jctl.dist.bench;

import io.jctl.runtime.cgroup.Cgroups;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of {@code bench-service-datapath}, a process of its own that the benchmark
 * starts inside the client Pod's network namespace ({@code nsenter --net=…}), so that its packets
 * take the path a Pod's take: out of the Pod's veth, through the node's bridge and its PREROUTING
 * rules. Every request is {@code GET /} on a new connection (busybox httpd closes each), so every
 * request is a new conntrack entry and, for the cluster IP, a new DNAT. Output is one line per
 * event, read by the benchmark.
 *
 * <pre>
 * load ROUNDS SECONDS CONCURRENCY CGROUP LABEL=IP:PORT LABEL=IP:PORT
 *     warm-up, then ROUNDS pairs of rounds in ABBA order; per round:
 *     round I LABEL REQUESTS ERRORS NANOS CLIENT_CPU_NANOS SERVER_CPU_NANOS
 * watch IP:PORT      per stdin line "up" or "down": polls until a request succeeds / fails;
 *     reached EPOCH_MILLIS ATTEMPTS
 * </pre>
 */
public final class ServiceDatapathBenchLoad {
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ServiceDatapathBenchLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 6 && args[0].equals("load")) {
            load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
                    List.of(args[5], args[6]));
        } else if (args.length == 2 && args[0].equals("watch")) {
            watch(address(args[1]));
        } else {
            System.err.println("usage: load ROUNDS SECONDS CONCURRENCY CGROUP LABEL=IP:PORT LABEL=IP:PORT | watch IP:PORT");
            System.exit(2);
        }
    }

    private static void load(int rounds, int seconds, int concurrency, String cgroup, List<String> targets) throws Exception {
        Cgroups cgroups = Cgroups.detect();
        for (String t : targets) {
            awaitAnswer(address(t.substring(t.indexOf('=') + 1)), 60_000);
        }
        for (String t : targets) {
            round(t, Math.min(seconds, 3), concurrency); // JIT and caches, unreported
        }
        for (int i = 0; i < rounds; i++) {
            // A B B A …: a drift of the machine's load over the run favours neither side.
            List<String> order = i % 2 == 0 ? targets : List.of(targets.get(1), targets.get(0));
            for (String t : order) {
                long server0 = cgroups.stats(cgroup).cpuUsageNanos();
                long client0 = processCpuNanos();
                long t0 = System.nanoTime();
                long[] counts = round(t, seconds, concurrency);
                long nanos = System.nanoTime() - t0;
                long client = processCpuNanos() - client0;
                long server = cgroups.stats(cgroup).cpuUsageNanos() - server0;
                System.out.printf("round %d %s %d %d %d %d %d%n", i, t.substring(0, t.indexOf('=')), counts[0], counts[1],
                        nanos, client, server);
                System.out.flush();
            }
        }
    }

    /** {requests answered, errors} of {@code concurrency} closed loops for {@code seconds}. */
    private static long[] round(String target, int seconds, int concurrency) throws InterruptedException {
        InetSocketAddress address = address(target.substring(target.indexOf('=') + 1));
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                while (!stop.get()) {
                    if (get(address, buf, 2000)) {
                        ok.increment();
                    } else {
                        errors.increment();
                    }
                }
            }, "load-" + i);
            t.start();
            threads.add(t);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {ok.sum(), errors.sum()};
    }

    private static void watch(InetSocketAddress address) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        byte[] buf = new byte[4096];
        String line;
        while ((line = in.readLine()) != null) {
            boolean wantUp = line.strip().equals("up");
            int attempts = 0;
            while (true) {
                attempts++;
                if (get(address, buf, 200) == wantUp) {
                    break;
                }
                Thread.sleep(5);
            }
            System.out.println("reached " + System.currentTimeMillis() + " " + attempts);
            System.out.flush();
        }
    }

    private static void awaitAnswer(InetSocketAddress address, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[4096];
        while (!get(address, buf, 500)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(address + " does not answer");
            }
            Thread.sleep(50);
        }
    }

    /** One {@code GET /} on a new connection; whether a 200 came back. */
    private static boolean get(InetSocketAddress address, byte[] buf, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis * 2);
            OutputStream out = s.getOutputStream();
            out.write(REQUEST);
            InputStream in = s.getInputStream();
            int n = 0;
            int r;
            while ((r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
                if (n == buf.length) {
                    n = 16; // keep the status line; the rest is only drained
                }
            }
            return n >= 12 && buf[9] == '2' && buf[10] == '0' && buf[11] == '0';
        } catch (IOException e) {
            return false;
        }
    }

    private static InetSocketAddress address(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        return new InetSocketAddress(ipPort.substring(0, colon), Integer.parseInt(ipPort.substring(colon + 1)));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
