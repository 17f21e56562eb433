package io.jctl.agent;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.DeleteOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NodeAgentIT {
    static HollowAgentHarness h;

    @BeforeAll
    static void start() {
        h = new HollowAgentHarness();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static String condition(Pod p, String type) {
        if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse(null);
    }

    static ContainerStatus container(Pod p, String name) {
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElse(null);
    }

    static Pod awaitPod(String name, Predicate<Pod> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> h.pod(name), p -> p != null && until.test(p));
    }

    static List<Event> events(String pod) {
        return h.api.events().list("default").items().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void nodeRegistersReadyAndRenewsItsLease() {
        Node node = await().atMost(Duration.ofSeconds(10)).until(() -> h.api.nodes().find(null, HollowAgentHarness.NODE)
                .orElse(null), n -> n != null);
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64");
        assertThat(node.getSpec().getPodCIDR()).isEqualTo("10.88.0.0/24");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-jctl");
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("jctl://0.1.0");
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("10.0.0.1");
        });
        assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("KubeletReady");
        });
        Lease first = await().atMost(Duration.ofSeconds(10)).until(
                () -> h.api.leases().find("kube-node-lease", "node-1").orElse(null), l -> l != null);
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo("node-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !h.api.leases().get("kube-node-lease", "node-1")
                .getMetadata().getResourceVersion().equals(first.getMetadata().getResourceVersion()));
    }

    @Test
    void boundPodRunsAndBecomesReady() {
        Pod created = h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
                """);
        Pod p = awaitPod("web", x -> "Running".equals(x.getStatus().getPhase()) && "True".equals(condition(x, "Ready")));
        assertThat(p.getStatus().getPodIP()).startsWith("10.88.0.");
        assertThat(p.getStatus().getHostIP()).isEqualTo("10.0.0.1");
        assertThat(p.getStatus().getStartTime()).isNotNull();
        assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
        ContainerStatus cs = container(p, "web");
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getRestartCount()).isZero();
        assertThat(cs.getContainerID()).startsWith("jctl://");
        assertThat(cs.getImageID()).startsWith("sha256:");
        assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
        assertThat(condition(p, "Initialized")).isEqualTo("True");
        assertThat(condition(p, "ContainersReady")).isEqualTo("True");
        assertThat(condition(p, "PodScheduled")).isEqualTo("True");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("web"))
                .extracting(Event::getReason).contains("Pulling", "Pulled", "Created", "Started"));
        assertThat(events("web")).filteredOn(e -> e.getReason().equals("Started")).first().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Started container web");
            assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
            assertThat(e.getSource().getHost()).isEqualTo("node-1");
            assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{web}");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(created.getMetadata().getUid());
        });
        assertThat(events("web")).filteredOn(e -> e.getReason().equals("Pulled")).first()
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Successfully pulled image \"nginx:1.27\" in "));
    }

    @Test
    void crashingContainerGoesCrashLoopBackOffWithGrowingRestartCount() {
        Pod created = h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: crash, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: crash
                    image: busybox:1.36
                    command: [sh, -c, "exit 3"]
                """);
        Pod p = awaitPod("crash", x -> {
            ContainerStatus cs = container(x, "crash");
            return cs != null && cs.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason());
        });
        ContainerStatus cs = container(p, "crash");
        String uid = created.getMetadata().getUid();
        assertThat(cs.getRestartCount()).isGreaterThanOrEqualTo(1);
        assertThat(cs.getState().getWaiting().getMessage())
                .matches("back-off \\d+s restarting failed container=crash pod=crash_default\\(" + uid + "\\)");
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        assertThat(condition(p, "Ready")).isEqualTo("False");
        int first = cs.getRestartCount();
        awaitPod("crash", x -> container(x, "crash").getRestartCount() > first);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("crash"))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("BackOff");
                    assertThat(e.getMessage()).isEqualTo("Back-off restarting failed container crash in pod crash_default("
                            + uid + ")");
                }));
    }

    @Test
    void neverRestartingPodThatExitsZeroSucceeds() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: job, namespace: default}
                spec:
                  nodeName: node-1
                  restartPolicy: Never
                  initContainers:
                  - name: setup
                    image: busybox:1.36
                    command: ["true"]
                  containers:
                  - name: main
                    image: busybox:1.36
                    command: [sh, -c, "sleep 0.2; exit 0"]
                """);
        Pod p = awaitPod("job", x -> "Succeeded".equals(x.getStatus().getPhase()));
        assertThat(container(p, "main").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(p.getStatus().getInitContainerStatuses()).singleElement()
                .satisfies(s -> assertThat(s.getState().getTerminated().getExitCode()).isZero());
        assertThat(condition(p, "Initialized")).isEqualTo("True");
        assertThat(p.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("PodCompleted"));
    }

    @Test
    void failingReadinessProbeKeepsThePodUnready() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: unready, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    readinessProbe:
                      exec: {command: ["false"]}
                      periodSeconds: 1
                """);
        awaitPod("unready", x -> "Running".equals(x.getStatus().getPhase()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("unready"))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("Unhealthy");
                    assertThat(e.getMessage()).startsWith("Readiness probe failed: ");
                }));
        Pod p = h.pod("unready");
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(condition(p, "ContainersReady")).isEqualTo("False");
        assertThat(container(p, "app").getReady()).isFalse();
        assertThat(container(p, "app").getState().getRunning()).isNotNull();
        assertThat(container(p, "app").getRestartCount()).isZero();
    }

    @Test
    void passingReadinessProbeMakesThePodReady() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: ready, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    readinessProbe:
                      httpGet: {path: /healthz, port: 8080}
                      periodSeconds: 1
                """);
        Pod p = awaitPod("ready", x -> "True".equals(condition(x, "Ready")));
        assertThat(container(p, "app").getReady()).isTrue();
    }

    @Test
    void failingLivenessProbeRestartsTheContainer() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: live, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    livenessProbe:
                      exec: {command: [sh, -c, "exit 1"]}
                      periodSeconds: 1
                      failureThreshold: 2
                """);
        Pod p = awaitPod("live", x -> container(x, "app") != null && container(x, "app").getRestartCount() >= 1);
        assertThat(container(p, "app").getLastState().getTerminated()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("live"))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("Killing");
                    assertThat(e.getMessage()).isEqualTo("Container app failed liveness probe, will be restarted");
                }).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("Unhealthy");
                    assertThat(e.getMessage()).startsWith("Liveness probe failed: ");
                }));
    }

    @Test
    void deletionIsGracefulAndThePodDisappears() {
        Pod created = h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: doomed, namespace: default}
                spec:
                  nodeName: node-1
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    lifecycle:
                      preStop:
                        exec: {command: [echo, bye]}
                """);
        awaitPod("doomed", x -> "Running".equals(x.getStatus().getPhase()));
        h.api.pods().delete("default", "doomed");
        await().atMost(Duration.ofSeconds(30)).until(() -> h.pod("doomed") == null);
        assertThat(events("doomed")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Killing");
            assertThat(e.getMessage()).isEqualTo("Stopping container app");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> h.runtime.containerCount(created.getMetadata().getUid()) == 0);
    }

    @Test
    void envComesFromAConfigMapAndExpandsInArgs() {
        h.api.configMaps().create(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("settings").withNamespace("default").endMetadata()
                .addToData("GREETING", "hello").addToData("color", "blue").build());
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: envy, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [echo]
                    args: ["$(GREETING) $(WHO) $$(NOT)"]
                    envFrom:
                    - configMapRef: {name: settings}
                      prefix: CFG_
                    env:
                    - name: GREETING
                      valueFrom: {configMapKeyRef: {name: settings, key: GREETING}}
                    - name: WHO
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    - name: PODIP
                      valueFrom: {fieldRef: {fieldPath: status.podIP}}
                    - name: BOTH
                      value: "$(GREETING)-$(CFG_color)"
                    - name: MISSING
                      valueFrom: {configMapKeyRef: {name: nope, key: x, optional: true}}
                """);
        Pod p = awaitPod("envy", x -> container(x, "app") != null && container(x, "app").getContainerID() != null);
        String id = container(p, "app").getContainerID().substring("jctl://".length());
        var cfg = h.runtime.containerConfig(id).orElseThrow();
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        cfg.getEnvsList().forEach(kv -> env.put(kv.getKey(), kv.getValue()));
        assertThat(env).containsEntry("GREETING", "hello").containsEntry("CFG_GREETING", "hello")
                .containsEntry("CFG_color", "blue").containsEntry("WHO", "envy").containsEntry("BOTH", "hello-blue")
                .doesNotContainKey("MISSING");
        assertThat(env.get("PODIP")).startsWith("10.88.0.");
        assertThat(cfg.getArgsList()).containsExactly("hello envy $(NOT)");
    }

    @Test
    void missingConfigMapIsACreateContainerConfigError() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: noconfig, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    env:
                    - name: X
                      valueFrom: {configMapKeyRef: {name: absent, key: x}}
                """);
        Pod p = awaitPod("noconfig", x -> container(x, "app") != null && container(x, "app").getState().getWaiting() != null
                && "CreateContainerConfigError".equals(container(x, "app").getState().getWaiting().getReason()));
        assertThat(container(p, "app").getState().getWaiting().getMessage()).isEqualTo("configmap \"absent\" not found");
        assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void restartedAgentAdoptsRunningPodsWithoutRestartingThem() {
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: steady, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    readinessProbe:
                      exec: {command: ["true"]}
                      periodSeconds: 1
                """);
        Pod before = awaitPod("steady", x -> "True".equals(condition(x, "Ready")));
        String id = container(before, "app").getContainerID();
        h.restartAgent();
        h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: after-restart, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                """);
        awaitPod("after-restart", x -> "True".equals(condition(x, "Ready")));
        Pod after = h.pod("steady");
        assertThat(container(after, "app").getContainerID()).isEqualTo(id);
        assertThat(container(after, "app").getRestartCount()).isZero();
        assertThat(condition(after, "Ready")).isEqualTo("True");
        assertThat(after.getStatus().getPodIP()).isEqualTo(before.getStatus().getPodIP());
    }

    @Test
    void volumesAreLaidOutAndMounted() throws Exception {
        h.api.configMaps().create(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("web-config").withNamespace("default").endMetadata().addToData("index.html", "hi").build());
        h.api.secrets().create(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("web-secret").withNamespace("default").endMetadata()
                .addToData("token", java.util.Base64.getEncoder().encodeToString("t0k".getBytes())).build());
        Pod created = h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: vols, namespace: default}
                spec:
                  nodeName: node-1
                  volumes:
                  - {name: scratch, emptyDir: {}}
                  - {name: html, configMap: {name: web-config}}
                  - {name: creds, secret: {secretName: web-secret}}
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    volumeMounts:
                    - {name: scratch, mountPath: /scratch}
                    - {name: html, mountPath: /usr/share/html, readOnly: true}
                    - {name: creds, mountPath: /var/run/creds}
                """);
        Pod p = awaitPod("vols", x -> "Running".equals(x.getStatus().getPhase()));
        String id = container(p, "app").getContainerID().substring("jctl://".length());
        var mounts = h.runtime.containerConfig(id).orElseThrow().getMountsList();
        assertThat(mounts).extracting(m -> m.getContainerPath())
                .containsExactly("/scratch", "/usr/share/html", "/var/run/creds");
        assertThat(mounts.get(1).getReadonly()).isTrue();
        java.nio.file.Path vols = h.root.resolve("pods").resolve(created.getMetadata().getUid()).resolve("volumes");
        assertThat(java.nio.file.Files.readString(vols.resolve("kubernetes.io~configmap/html/index.html"))).isEqualTo("hi");
        assertThat(java.nio.file.Files.readString(vols.resolve("kubernetes.io~secret/creds/token"))).isEqualTo("t0k");
        assertThat(mounts.get(0).getHostPath()).isEqualTo(vols.resolve("kubernetes.io~empty-dir/scratch").toString());
        h.api.pods().delete("default", "vols");
        await().atMost(Duration.ofSeconds(30)).until(() -> h.pod("vols") == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !java.nio.file.Files.exists(vols));
    }
}
