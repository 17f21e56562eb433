package io.jctl.controllers.deployment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.json.JsonTrees;
import io.jctl.api.patch.JsonMergePatch;
import io.jctl.api.patch.StrategicMergePatch;
import io.jctl.controllers.testing.MutableClock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An api-server in a map for reconciler unit tests: the cache and the writes see the same
 * objects (no watch lag), writes check resourceVersions as the server does, and every write is
 * recorded as a short line ({@code "scale foo-abc 10->13"}, {@code "create foo-abc 3"},
 * {@code "status"}, ...) so tests can assert what a pass did.
 */
final class FakeCluster implements DeploymentCache, DeploymentWrites {
    final Map<String, Deployment> deployments = new TreeMap<>();
    final Map<String, ReplicaSet> replicaSets = new TreeMap<>();
    final Map<String, Pod> pods = new TreeMap<>();
    final List<String> actions = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private long rv = 100;

    // ---- seeding ------------------------------------------------------------------------------

    Deployment add(Deployment d) {
        Deployment c = DeploymentUtil.copy(d);
        if (c.getMetadata().getUid() == null) {
            c.getMetadata().setUid(UUID.randomUUID().toString());
        }
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        deployments.put(Keys.of(c), c);
        return c;
    }

    ReplicaSet add(ReplicaSet rs) {
        ReplicaSet c = DeploymentUtil.copy(rs);
        if (c.getMetadata().getUid() == null) {
            c.getMetadata().setUid(UUID.randomUUID().toString());
        }
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        replicaSets.put(Keys.of(c), c);
        return c;
    }

    Pod add(Pod p) {
        Pod c = DeploymentUtil.copy(p);
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        pods.put(Keys.of(c), c);
        return c;
    }

    ReplicaSet rs(String name) {
        return replicaSets.get(Keys.of(Fixtures.NS, name));
    }

    Deployment deployment(String name) {
        return deployments.get(Keys.of(Fixtures.NS, name));
    }

    /** Stands in for the ReplicaSet controller and kubelets: every ReplicaSet has its Pods, all available. */
    void settleReplicaSets() {
        for (ReplicaSet rs : replicaSets.values()) {
            int n = DeploymentUtil.replicas(rs);
            var st = new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus();
            st.setReplicas(n);
            st.setReadyReplicas(n);
            st.setAvailableReplicas(n);
            st.setFullyLabeledReplicas(n);
            st.setObservedGeneration(rs.getMetadata().getGeneration());
            rs.setStatus(st);
            rs.getMetadata().setResourceVersion(Long.toString(++rv));
        }
    }

    List<String> takeActions() {
        List<String> out = new ArrayList<>(actions);
        actions.clear();
        return out;
    }

    // ---- DeploymentCache ----------------------------------------------------------------------

    @Override
    public Deployment deployment(String namespace, String name) {
        return deployments.get(Keys.of(namespace, name));
    }

    @Override
    public List<ReplicaSet> replicaSets(String namespace) {
        return replicaSets.values().stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())).toList();
    }

    @Override
    public List<Pod> pods(String namespace) {
        return pods.values().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
    }

    // ---- DeploymentWrites ---------------------------------------------------------------------

    @Override
    public ReplicaSet createReplicaSet(ReplicaSet rs) {
        String key = Keys.of(rs);
        if (replicaSets.containsKey(key)) {
            throw new ApiException(409, "AlreadyExists", "replicasets.apps \"" + rs.getMetadata().getName() + "\" already exists");
        }
        ReplicaSet c = DeploymentUtil.copy(rs);
        c.getMetadata().setUid(UUID.randomUUID().toString());
        c.getMetadata().setGeneration(1L);
        c.getMetadata().setCreationTimestamp(clock.instant().toString());
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        replicaSets.put(key, c);
        actions.add("create " + rs.getMetadata().getName() + " " + DeploymentUtil.replicas(rs));
        return DeploymentUtil.copy(c);
    }

    @Override
    public ReplicaSet updateReplicaSet(ReplicaSet rs) {
        ReplicaSet old = current(replicaSets, rs);
        ReplicaSet c = DeploymentUtil.copy(rs);
        c.setStatus(old.getStatus());
        long gen = old.getMetadata().getGeneration() == null ? 1 : old.getMetadata().getGeneration();
        if (!JsonTrees.sameContent(Json.toTree(old.getSpec()), Json.toTree(c.getSpec()))) {
            gen++;
        }
        c.getMetadata().setGeneration(gen);
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        replicaSets.put(Keys.of(c), c);
        if (DeploymentUtil.replicas(old) != DeploymentUtil.replicas(c)) {
            actions.add("scale " + c.getMetadata().getName() + " " + DeploymentUtil.replicas(old) + "->" + DeploymentUtil.replicas(c));
        } else {
            actions.add("update " + c.getMetadata().getName());
        }
        return DeploymentUtil.copy(c);
    }

    @Override
    public ReplicaSet patchReplicaSet(String namespace, String name, String strategicMergePatch) {
        ReplicaSet old = replicaSets.get(Keys.of(namespace, name));
        if (old == null) {
            throw new ApiException(404, "NotFound", "replicasets.apps \"" + name + "\" not found");
        }
        ObjectNode patched = StrategicMergePatch.apply(Json.toTree(old), Json.readObject(strategicMergePatch.getBytes()), "ReplicaSet");
        ReplicaSet c = Json.convert(patched, ReplicaSet.class);
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        replicaSets.put(Keys.of(c), c);
        actions.add("patch " + name);
        return DeploymentUtil.copy(c);
    }

    @Override
    public void deleteReplicaSet(String namespace, String name) {
        if (replicaSets.remove(Keys.of(namespace, name)) == null) {
            throw new ApiException(404, "NotFound", "replicasets.apps \"" + name + "\" not found");
        }
        actions.add("delete " + name);
    }

    @Override
    public Deployment updateDeploymentStatus(Deployment d) {
        Deployment old = current(deployments, d);
        Deployment c = DeploymentUtil.copy(old);
        c.setStatus(DeploymentUtil.copy(d).getStatus());
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        deployments.put(Keys.of(c), c);
        actions.add("status");
        return DeploymentUtil.copy(c);
    }

    @Override
    public Deployment patchDeployment(String namespace, String name, String mergePatch) {
        Deployment old = deployments.get(Keys.of(namespace, name));
        if (old == null) {
            throw new ApiException(404, "NotFound", "deployments.apps \"" + name + "\" not found");
        }
        var patched = JsonMergePatch.apply(Json.toTree(old), Json.readObject(mergePatch.getBytes()));
        Deployment c = Json.convert(patched, Deployment.class);
        c.getMetadata().setResourceVersion(Long.toString(++rv));
        deployments.put(Keys.of(c), c);
        actions.add("patch deployment " + mergePatch);
        return DeploymentUtil.copy(c);
    }

    @Override
    public Deployment getDeployment(String namespace, String name) {
        Deployment d = deployments.get(Keys.of(namespace, name));
        if (d == null) {
            throw new ApiException(404, "NotFound", "deployments.apps \"" + name + "\" not found");
        }
        return DeploymentUtil.copy(d);
    }

    private static <T extends HasMetadata> T current(Map<String, T> store, T o) {
        T old = store.get(Keys.of(o));
        if (old == null) {
            throw new ApiException(404, "NotFound", o.getKind() + " \"" + o.getMetadata().getName() + "\" not found");
        }
        String want = o.getMetadata().getResourceVersion();
        if (want != null && !want.equals(old.getMetadata().getResourceVersion())) {
            throw new ApiException(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
        }
        return old;
    }
}
