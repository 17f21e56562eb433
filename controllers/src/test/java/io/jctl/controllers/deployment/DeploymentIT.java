package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ObjectList;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Deployment controller with the ReplicaSet controller and fake kubelets against an
 * in-process api-server; each test works in a namespace of its own with a kubelet for it.
 */
class DeploymentIT {
    static final List<Process> PROCESSES = new java.util.concurrent.CopyOnWriteArrayList<>();
    static ControllerItSupport it;
    static ApiClient c;

    @BeforeAll
    static void start() {
        it = ControllerItSupport.start();
        c = it.client();
    }

    @AfterAll
    static void stop() {
        PROCESSES.forEach(Process::destroyForcibly);
        if (it != null) {
            it.close();
        }
    }

    static Deployment deployment(String ns, String name, int replicas, String image, IntOrString maxSurge,
                                 IntOrString maxUnavailable) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                    .endTemplate()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(maxSurge).withMaxUnavailable(maxUnavailable).endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    static void setImage(String ns, String name, String image) {
        c.deployments().patch(ns, name, PatchType.STRATEGIC,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    static void patchSpec(String ns, String name, String specJson) {
        c.deployments().patch(ns, name, PatchType.MERGE, "{\"spec\":" + specJson + "}");
    }

    static Deployment awaitComplete(String ns, String name, Duration timeout) {
        AtomicReference<Deployment> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Deployment d = c.deployments().get(ns, name);
            last.set(d);
            int want = d.getSpec().getReplicas();
            assertThat(d.getStatus().getObservedGeneration()).isGreaterThanOrEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getUpdatedReplicas()).as("updated").isEqualTo(want);
            assertThat(d.getStatus().getReplicas()).as("replicas").isEqualTo(want);
            assertThat(d.getStatus().getAvailableReplicas()).as("available").isEqualTo(want);
            DeploymentCondition p = DeploymentConditions.get(d.getStatus(), "Progressing");
            assertThat(p).isNotNull();
            assertThat(p.getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        return last.get();
    }

    static List<ReplicaSet> replicaSets(String ns) {
        return c.replicaSets().list(ns).items();
    }

    static List<Pod> livePods(String ns) {
        return c.pods().list(ns).items().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    static ReplicaSet rsWithImage(String ns, String image) {
        return replicaSets(ns).stream()
                .filter(r -> image.equals(r.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()))
                .findFirst().orElseThrow();
    }

    @Test
    void aDeploymentGetsAReplicaSetThatGetsReadyPods() {
        String ns = "dep-create";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        Deployment created = c.deployments().create(deployment(ns, "web", 3, "img:v1", null, null));

        Deployment d = awaitComplete(ns, "web", Duration.ofSeconds(30));

        String hash = DeploymentUtil.podTemplateHash(created.getSpec().getTemplate(), null);
        ReplicaSet rs = c.replicaSets().get(ns, "web-" + hash);
        assertThat(OwnerKeys.controllerRef(rs).orElseThrow().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1");
        assertThat(d.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1");
        assertThat(DeploymentConditions.get(d.getStatus(), "Available").getStatus()).isEqualTo("True");
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isZero();
        assertThat(livePods(ns)).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            assertThat(OwnerKeys.controllerRef(p).orElseThrow().getUid()).isEqualTo(rs.getMetadata().getUid());
        });
    }

    /** Pod counts as a watch sees them, event by event. */
    static final class PodSampler implements io.jctl.api.client.WatchListener<Pod> {
        final Map<String, Pod> pods = new ConcurrentHashMap<>();
        final AtomicInteger maxPods = new AtomicInteger();
        final AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger events = new AtomicInteger();

        PodSampler(List<Pod> initial) {
            initial.forEach(p -> pods.put(p.getMetadata().getName(), p));
            sample();
        }

        @Override
        public void onEvent(WatchEvent<Pod> e) {
            if (e.object() == null || e.type() == WatchEvent.Type.BOOKMARK || e.type() == WatchEvent.Type.ERROR) {
                return;
            }
            events.incrementAndGet();
            if (e.type() == WatchEvent.Type.DELETED) {
                pods.remove(e.object().getMetadata().getName());
            } else {
                pods.put(e.object().getMetadata().getName(), e.object());
            }
            sample();
        }

        private void sample() {
            int live = 0;
            int available = 0;
            for (Pod p : pods.values()) {
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                live++;
                if (p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus()))) {
                    available++;
                }
            }
            maxPods.accumulateAndGet(live, Math::max);
            minAvailable.accumulateAndGet(available, Math::min);
        }
    }

    @Test
    void aRollingUpdateOfTenStaysWithinMaxSurgeAndMaxUnavailable() throws Exception {
        String ns = "dep-roll";
        it.createNamespace(ns);
        it.track(io.jctl.controllers.testing.FakeKubelet.builder(c, "node-" + ns).namespace(ns)
                .readyDelay(Duration.ofMillis(150)).start());
        c.deployments().create(deployment(ns, "web", 10, "img:v1", new IntOrString(3), new IntOrString(2)));
        awaitComplete(ns, "web", Duration.ofSeconds(30));

        ObjectList<Pod> before = c.pods().list(ns);
        PodSampler sampler = new PodSampler(before.items());
        Path kubeconfig = kubeconfig();
        Process rolloutStatus;
        try (Watch w = c.pods().watch(ns, ListOptions.all().withResourceVersion(before.resourceVersion()), sampler)) {
            setImage(ns, "web", "img:v2");
            rolloutStatus = kubectl(kubeconfig, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
            awaitComplete(ns, "web", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> sampler.pods.values().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count() == 10);
        }

        assertThat(sampler.maxPods.get()).as("pods never exceed replicas + maxSurge").isLessThanOrEqualTo(13);
        assertThat(sampler.minAvailable.get()).as("available never drops below replicas - maxUnavailable").isGreaterThanOrEqualTo(8);
        assertThat(sampler.events.get()).isGreaterThan(20);
        assertThat(livePods(ns)).hasSize(10).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v2"));
        assertThat(rolloutStatus.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(rolloutStatus.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rolloutStatus.exitValue()).as(out).isZero();
        assertThat(out).contains("deployment \"web\" successfully rolled out");
    }

    @Test
    void undoByPatchingTheTemplateBackReusesTheOldReplicaSetUnderANewRevision() throws Exception {
        String ns = "dep-undo";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        c.deployments().create(deployment(ns, "web", 4, "img:v1", null, null));
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        ReplicaSet v1 = rsWithImage(ns, "img:v1");
        // One write, as `kubectl set image --record` or `apply` make it: the cause belongs to revision 2 only.
        c.deployments().patch(ns, "web", PatchType.STRATEGIC, "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":"
                + "\"to v2\"}},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"img:v2\"}]}}}}");
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        assertThat(rsWithImage(ns, "img:v2").getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "2")
                .containsEntry(DeploymentUtil.CHANGE_CAUSE, "to v2");

        // As `kubectl rollout undo` (the real one is exercised in the kubectl IT): back to revision 1.
        String undo = Rollback.undoPatch(c.deployments().get(ns, "web"), replicaSets(ns), 0);
        c.deployments().patch(ns, "web", PatchType.JSON, undo);
        Deployment d = awaitComplete(ns, "web", Duration.ofSeconds(30));

        assertThat(replicaSets(ns)).hasSize(2);
        ReplicaSet reused = c.replicaSets().get(ns, v1.getMetadata().getName());
        assertThat(reused.getMetadata().getUid()).isEqualTo(v1.getMetadata().getUid());
        assertThat(reused.getSpec().getReplicas()).isEqualTo(4);
        assertThat(reused.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3")
                .containsEntry(DeploymentUtil.REVISION_HISTORY, "1")
                .doesNotContainKey(DeploymentUtil.CHANGE_CAUSE);
        assertThat(d.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3")
                .doesNotContainKey(DeploymentUtil.CHANGE_CAUSE);
        assertThat(livePods(ns)).hasSize(4).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v1"));
    }

    @Test
    void realKubectlRolloutUndoGoesBackToThePreviousTemplate() throws Exception {
        String ns = "dep-kundo";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        c.deployments().create(deployment(ns, "web", 2, "img:v1", null, null));
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        setImage(ns, "web", "img:v2");
        awaitComplete(ns, "web", Duration.ofSeconds(30));

        Path kubeconfig = kubeconfig();
        Process undo = kubectl(kubeconfig, "rollout", "undo", "deployment/web", "-n", ns);
        assertThat(undo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(undo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(undo.exitValue()).as(out).isZero();
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        assertThat(livePods(ns)).hasSize(2).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v1"));
        assertThat(rsWithImage(ns, "img:v1").getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3");

        Process history = kubectl(kubeconfig, "rollout", "history", "deployment/web", "-n", ns);
        assertThat(history.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String lines = new String(history.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lines).contains("REVISION").containsPattern("(?m)^2 ").containsPattern("(?m)^3 ");
    }

    @Test
    void pauseStopsTheRolloutButNotScalingAndResumeFinishesIt() {
        String ns = "dep-pause";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        c.deployments().create(deployment(ns, "web", 4, "img:v1", null, null));
        awaitComplete(ns, "web", Duration.ofSeconds(30));

        patchSpec(ns, "web", "{\"paused\":true}");
        setImage(ns, "web", "img:v2");
        patchSpec(ns, "web", "{\"replicas\":6}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Deployment d = c.deployments().get(ns, "web");
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(6);
            assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").getReason()).isEqualTo("DeploymentPaused");
        });
        assertThat(replicaSets(ns)).hasSize(1);
        assertThat(livePods(ns)).hasSize(6).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v1"));

        patchSpec(ns, "web", "{\"paused\":false}");
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        assertThat(livePods(ns)).hasSize(6).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v2"));
    }

    @Test
    void recreateRemovesEveryOldPodBeforeTheFirstNewOne() {
        String ns = "dep-recreate";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        Deployment d = deployment(ns, "web", 3, "img:v1", null, null);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        c.deployments().create(d);
        awaitComplete(ns, "web", Duration.ofSeconds(30));

        ObjectList<Pod> before = c.pods().list(ns);
        Set<String> old = ConcurrentHashMap.newKeySet();
        before.items().forEach(p -> old.add(p.getMetadata().getName()));
        List<String> violations = new ArrayList<>();
        try (Watch w = c.pods().watch(ns, ListOptions.all().withResourceVersion(before.resourceVersion()), e -> {
            if (e.object() == null) {
                return;
            }
            String name = e.object().getMetadata().getName();
            if (e.type() == WatchEvent.Type.DELETED) {
                old.remove(name);
            } else if (e.type() == WatchEvent.Type.ADDED && !old.contains(name) && !old.isEmpty()) {
                synchronized (violations) {
                    violations.add(name + " created while old pods " + old + " existed");
                }
            }
        })) {
            setImage(ns, "web", "img:v2");
            awaitComplete(ns, "web", Duration.ofSeconds(30));
        }
        assertThat(violations).isEmpty();
        assertThat(old).isEmpty();
        assertThat(livePods(ns)).hasSize(3).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img:v2"));
    }

    @Test
    void revisionHistoryLimitKeepsOnlyThatManyOldReplicaSets() {
        String ns = "dep-history";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        Deployment d = deployment(ns, "web", 1, "img:v1", null, null);
        d.getSpec().setRevisionHistoryLimit(1);
        c.deployments().create(d);
        for (String image : List.of("img:v2", "img:v3", "img:v4")) {
            awaitComplete(ns, "web", Duration.ofSeconds(30));
            setImage(ns, "web", image);
        }
        awaitComplete(ns, "web", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(replicaSets(ns)).extracting(r -> r.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .containsExactlyInAnyOrder("img:v3", "img:v4"));
    }

    @Test
    void scalesFromZeroToTwoThousandAndBack() {
        String ns = "dep-scale";
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        c.deployments().create(deployment(ns, "web", 0, "img:v1", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaSets(ns).size() == 1);

        c.deployments().patchSubresource(ns, "web", "scale", PatchType.MERGE, "{\"spec\":{\"replicas\":2000}}", Map.class);
        awaitComplete(ns, "web", Duration.ofSeconds(180));
        assertThat(livePods(ns)).hasSize(2000);

        c.deployments().patchSubresource(ns, "web", "scale", PatchType.MERGE, "{\"spec\":{\"replicas\":0}}", Map.class);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(c.pods().list(ns).items()).isEmpty();
            Deployment d = c.deployments().get(ns, "web");
            assertThat(d.getStatus().getReplicas()).isZero();
        });
    }

    @Test
    void aRolloutWhosePodsNeverBecomeReadyExceedsItsProgressDeadline() throws Exception {
        String ns = "dep-deadline";
        it.createNamespace(ns);
        // No kubelet for this namespace: the Pods are never scheduled, let alone ready.
        Deployment d = deployment(ns, "web", 2, "img:v1", null, null);
        d.getSpec().setProgressDeadlineSeconds(2);
        d.getSpec().setMinReadySeconds(1);
        c.deployments().create(d);

        Process status = kubectl(kubeconfig(), "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            DeploymentCondition p = DeploymentConditions.get(c.deployments().get(ns, "web").getStatus(), "Progressing");
            assertThat(p).isNotNull();
            assertThat(p.getStatus()).isEqualTo("False");
            assertThat(p.getReason()).isEqualTo("ProgressDeadlineExceeded");
        });
        assertThat(replicaSets(ns)).singleElement().satisfies(rs -> assertThat(rs.getSpec().getMinReadySeconds()).isEqualTo(1));
        assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("exceeded its progress deadline");
    }

    // ---- real kubectl -------------------------------------------------------------------------

    @TempDir
    static Path kubeHome;

    private static Path kubeconfig() throws Exception {
        Path p = kubeHome.resolve("kubeconfig");
        if (!Files.exists(p)) {
            KubeConfig.writeString(p, KubeConfig.adminConfig(it.server().baseUrl(), it.server().server().caCertificatePem(),
                    it.server().token()));
        }
        return p;
    }

    /** Starts the real kubectl (skipping the test where it is not installed); killed after the class at the latest. */
    private static Process kubectl(Path kubeconfig, String... args) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", kubeHome.toString());
        pb.environment().put("KUBECACHEDIR", kubeHome.resolve("cache").toString());
        Process p = pb.start();
        PROCESSES.add(p);
        return p;
    }
}
