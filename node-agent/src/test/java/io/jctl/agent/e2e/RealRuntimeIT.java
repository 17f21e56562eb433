package io.jctl.agent.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.ListOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent on the real runtime, driven the way a user would: Deployments and Pods through the
 * api-server, {@code kubectl logs -f} and {@code kubectl exec} through its pods/log and pods/exec.
 * One cluster for the class; a namespace per test.
 */
class RealRuntimeIT {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static RealCluster cluster;
    static Path kubeconfig;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(RealCluster.supported(), "needs root, /bin/busybox and iptables");
        cluster = RealCluster.start();
        kubeconfig = cluster.writeKubeconfig(cluster.base().resolve("kubeconfig"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster == null) {
            return;
        }
        String bridge = cluster.bridge();
        String chains = cluster.chainPrefix();
        String cgroup = cluster.cgroupParent();
        Path base = cluster.base();
        cluster.close();
        assertThat(Files.exists(Path.of("/sys/class/net", bridge))).as("bridge " + bridge + " left").isFalse();
        assertThat(sh("iptables-save; iptables-save -t nat")).doesNotContain(chains);
        assertThat(io.jctl.runtime.cgroup.Cgroups.detect().exists(cgroup)).as("cgroup " + cgroup + " left").isFalse();
        assertThat(Files.exists(base)).as(base + " left").isFalse();
        // Every container process would have our base directory in its shim's command line or root.
        assertThat(ProcessHandle.allProcesses().filter(h -> h.pid() != ProcessHandle.current().pid())
                .map(h -> h.info().commandLine().orElse("")).filter(c -> c.contains(base.toString())).toList()).isEmpty();
    }

    static String namespace(TestInfo info) {
        String ns = info.getTestMethod().orElseThrow().getName().replaceAll("([A-Z])", "-$1").toLowerCase();
        ns = ns.length() > 40 ? ns.substring(0, 40) : ns;
        cluster.api().namespaces().create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
        return ns;
    }

    static String sh(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
        }
    }

    static Process kubectl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cluster.base().resolve("kubectl-cache").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", cluster.base().toString());
        return pb.start();
    }

    static Run run(String... args) throws Exception {
        Process p = kubectl(args);
        try {
            p.getOutputStream().close();
            var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            return new Run(p.exitValue(), out.get(), err.get());
        } finally {
            p.destroyForcibly();
        }
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static ContainerStatus status(Pod p) {
        return p.getStatus().getContainerStatuses().get(0);
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void deploymentOfHttpdPodsBecomesReadyThroughAnHttpGetProbe(TestInfo info) throws Exception {
        String ns = namespace(info);
        cluster.api().deployments().create(cluster.create("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: httpd
                        image: busybox:latest
                        imagePullPolicy: IfNotPresent
                        command: [sh, -c, 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www']
                        readinessProbe:
                          httpGet: {path: /index.html, port: 8080}
                          periodSeconds: 1
                """.formatted(ns), Deployment.class));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Deployment d = cluster.api().deployments().find(ns, "web").orElseThrow();
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        });
        List<Pod> pods = cluster.api().pods().list(ns, ListOptions.labelSelector("app=web")).items();
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(ready(p)).isTrue();
            assertThat(p.getSpec().getNodeName()).isEqualTo(RealCluster.NODE);
            assertThat(status(p).getReady()).isTrue();
            assertThat(status(p).getContainerID()).isNotBlank();
        });
        assertThat(pods.stream().map(p -> p.getStatus().getPodIP()).collect(Collectors.toSet())).hasSize(3);
        // What the probe saw, seen from the node too.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (Pod p : pods) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + p.getStatus().getPodIP() + ":8080/index.html")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok\n");
        }
    }

    @Test
    void crashingContainerBacksOffWithAGrowingRestartCount(TestInfo info) {
        String ns = namespace(info);
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: crasher, namespace: %s}
                spec:
                  containers:
                  - name: main
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: [sh, -c, 'echo boom; exit 3']
                """.formatted(ns));
        Pod backingOff = cluster.awaitPod(ns, "crasher", Duration.ofSeconds(60), p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && status(p).getState().getWaiting() != null
                && "CrashLoopBackOff".equals(status(p).getState().getWaiting().getReason()));
        ContainerStatus first = status(backingOff);
        assertThat(first.getLastState().getTerminated()).isNotNull();
        assertThat(first.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(first.getReady()).isFalse();
        int count = first.getRestartCount();
        // Back-off doubles from 10 s: the next restart comes within 10-20 s more.
        Pod later = cluster.awaitPod(ns, "crasher", Duration.ofSeconds(60),
                p -> status(p).getRestartCount() > count);
        assertThat(status(later).getRestartCount()).isGreaterThan(count);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod p = cluster.api().pods().find(ns, "crasher").orElseThrow();
            assertThat(status(p).getState().getWaiting()).isNotNull();
            assertThat(status(p).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        });
    }

    @Test
    void failingLivenessProbeRestartsTheContainer(TestInfo info) {
        String ns = namespace(info);
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: sick, namespace: %s}
                spec:
                  containers:
                  - name: main
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: [sh, -c, 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; exec sleep 3600']
                    livenessProbe:
                      exec: {command: [cat, /tmp/healthy]}
                      periodSeconds: 1
                      failureThreshold: 1
                """.formatted(ns));
        Pod first = cluster.awaitRunning(ns, "sick");
        String firstId = status(first).getContainerID();
        Pod restarted = cluster.awaitPod(ns, "sick", Duration.ofSeconds(60), p -> status(p).getRestartCount() >= 1);
        assertThat(status(restarted).getLastState().getTerminated()).isNotNull();
        Pod running = cluster.awaitRunning(ns, "sick");
        assertThat(status(running).getContainerID()).isNotEqualTo(firstId);
        assertThat(cluster.api().events().list(ns).items()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Unhealthy"));
    }

    @Test
    void deletionRunsPreStopThenWaitsTheGracePeriod(TestInfo info) throws Exception {
        String ns = namespace(info);
        Path dir = Files.createDirectories(cluster.base().resolve("prestop-" + ns));
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: graceful, namespace: %s}
                spec:
                  terminationGracePeriodSeconds: 5
                  volumes: [{name: out, hostPath: {path: %s}}]
                  containers:
                  - name: main
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    volumeMounts: [{name: out, mountPath: /out}]
                    command: [sh, -c, 'trap "echo term >> /out/log" TERM; while true; do sleep 1 & wait; done']
                    lifecycle:
                      preStop:
                        exec: {command: [sh, -c, 'echo prestop >> /out/log']}
                """.formatted(ns, dir));
        cluster.awaitRunning(ns, "graceful");
        long start = System.nanoTime();
        cluster.api().pods().delete(ns, "graceful");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.api().pods().find(ns, "graceful").isEmpty());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The container ignores SIGTERM, so only SIGKILL at the end of the grace period ends it. The
        // agent gives the stop what preStop left of the grace period rounded down to whole seconds
        // (the kubelet rounds preStop's duration down instead), so the total may be up to 1 s short.
        List<String> log = Files.readAllLines(dir.resolve("log"));
        assertThat(log).startsWith("prestop", "term");
        assertThat(took).as("deletion took %s; container log %s; events %s", took, log,
                cluster.api().events().list(ns).items().stream().map(e -> e.getReason() + ": " + e.getMessage()).toList())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void logsFollowStreamsNewLinesAndExecReturnsOutputAndExitCode(TestInfo info) throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        String ns = namespace(info);
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: talker, namespace: %s}
                spec:
                  containers:
                  - name: main
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: [sh, -c, 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.3; done']
                """.formatted(ns));
        cluster.awaitRunning(ns, "talker");
        Process p = kubectl("logs", "-f", "-n", ns, "talker");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("line 0");
            long firstAt = System.nanoTime();
            String last = null;
            // Lines written after the stream opened keep coming on the same stream.
            while (System.nanoTime() - firstAt < TimeUnit.SECONDS.toNanos(3)) {
                last = r.readLine();
                assertThat(last).startsWith("line ");
            }
            assertThat(Integer.parseInt(last.substring(5))).isGreaterThanOrEqualTo(5);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }

        Run hi = run("exec", "-n", ns, "talker", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(hi.exit()).isEqualTo(3);
        assertThat(hi.out()).isEqualTo("out\n");
        assertThat(hi.err()).contains("err").contains("command terminated with exit code 3");
        Run ok = run("exec", "-n", ns, "talker", "--", "hostname");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("talker\n");
    }

    @Test
    void configMapAndSecretVolumesShowTheirKeys(TestInfo info) throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        String ns = namespace(info);
        cluster.api().configMaps().create(cluster.create("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: %s}
                data: {colour: blue, size: large}
                """.formatted(ns), ConfigMap.class));
        cluster.api().secrets().create(cluster.create("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: %s}
                data: {password: %s}
                """.formatted(ns, java.util.Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))),
                Secret.class));
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: reader, namespace: %s}
                spec:
                  volumes:
                  - {name: cm, configMap: {name: settings}}
                  - {name: sec, secret: {secretName: creds}}
                  containers:
                  - name: main
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: [sleep, '3600']
                    volumeMounts:
                    - {name: cm, mountPath: /etc/settings}
                    - {name: sec, mountPath: /etc/creds, readOnly: true}
                """.formatted(ns));
        cluster.awaitRunning(ns, "reader");
        Run ls = run("exec", "-n", ns, "reader", "--", "ls", "/etc/settings", "/etc/creds");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("colour", "size", "password");
        Run cat = run("exec", "-n", ns, "reader", "--", "sh", "-c",
                "cat /etc/settings/colour; echo; cat /etc/settings/size; echo; cat /etc/creds/password");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("blue\nlarge\ns3cret");
        // The secret's files never touch the node's disk: its volume directory is a tmpfs.
        String prefix = cluster.base().toRealPath().toString();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).as("the secret volume is on tmpfs")
                .anySatisfy(l -> {
                    String[] f = l.split(" ");
                    assertThat(f[4]).startsWith(prefix).endsWith("/sec");
                    assertThat(l.substring(l.indexOf(" - ") + 3)).startsWith("tmpfs ");
                });
    }

    @Test
    void agentRestartLeavesContainersUntouched(TestInfo info) {
        String ns = namespace(info);
        for (String name : List.of("keep-a", "keep-b")) {
            cluster.createPod("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: %s}
                    spec:
                      containers:
                      - name: main
                        image: busybox:latest
                        imagePullPolicy: IfNotPresent
                        command: [sleep, '3600']
                    """.formatted(name, ns));
        }
        Map<String, String> before = Map.of(
                "keep-a", status(cluster.awaitRunning(ns, "keep-a")).getContainerID(),
                "keep-b", status(cluster.awaitRunning(ns, "keep-b")).getContainerID());
        Map<String, Long> startedAt = before.values().stream().collect(Collectors.toMap(id -> id,
                id -> cluster.containers().status(runtimeId(id)).getStartedAt()));

        cluster.stopAgent();
        cluster.startAgent();

        // Give the new agent time to sync and to do whatever it would wrongly do.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (var e : before.entrySet()) {
                Pod p = cluster.api().pods().find(ns, e.getKey()).orElseThrow();
                assertThat(RealCluster.allRunning(p)).isTrue();
                assertThat(status(p).getContainerID()).isEqualTo(e.getValue());
                assertThat(status(p).getRestartCount()).isZero();
            }
        });
        for (var e : startedAt.entrySet()) {
            var s = cluster.containers().status(runtimeId(e.getKey()));
            assertThat(s.getStartedAt()).isEqualTo(e.getValue());
            assertThat(s.getState().name()).isEqualTo("CONTAINER_RUNNING");
        }
        cluster.api().pods().delete(ns, "keep-a", DeleteOptions.defaults().withGracePeriodSeconds(1L));
        // The new agent still acts: it stops what is deleted.
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.api().pods().find(ns, "keep-a").isEmpty());
    }

    private static String runtimeId(String containerId) {
        return containerId.substring(containerId.indexOf("://") + 3);
    }
}
