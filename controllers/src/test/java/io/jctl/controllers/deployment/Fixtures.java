package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Deployments and ReplicaSets shaped as the api-server would store them, for unit tests. */
final class Fixtures {
    static final String NS = "default";
    static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

    private Fixtures() {
    }

    static IntOrString intOrPercent(String v) {
        return v == null ? null : v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
    }

    static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", "foo").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .build();
    }

    /** A rolling-update Deployment "foo" (selector app=foo, image v1) with the given fenceposts. */
    static Deployment deployment(int replicas, String maxSurge, String maxUnavailable) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName("foo").withNamespace(NS).withUid(UUID.randomUUID().toString())
                    .withGeneration(1L).withCreationTimestamp(T0.toString()).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", "foo").endSelector()
                    .withTemplate(template("img:v1"))
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                    .endRollingUpdate().endStrategy()
                    .withRevisionHistoryLimit(10)
                    .withProgressDeadlineSeconds(600)
                .endSpec()
                .withStatus(new DeploymentStatus())
                .build();
        return d;
    }

    static Deployment recreate(int replicas) {
        Deployment d = deployment(replicas, null, null);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        return d;
    }

    /**
     * A ReplicaSet controlled by {@code owner} with {@code available} Pods available (and ready),
     * created {@code ageSeconds} before T0, at revision {@code revision} (0: none), for {@code image}.
     */
    static ReplicaSet rs(Deployment owner, String name, int replicas, int available, int ageSeconds, long revision,
                         String image) {
        PodTemplateSpec t = template(image);
        String hash = DeploymentUtil.podTemplateHash(t, null);
        t.getMetadata().getLabels().put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
        Map<String, String> annotations = new HashMap<>();
        if (revision > 0) {
            annotations.put(DeploymentUtil.REVISION, Long.toString(revision));
        }
        ReplicaSetStatus st = new ReplicaSetStatus();
        st.setReplicas(Math.max(replicas, available));
        st.setReadyReplicas(available);
        st.setAvailableReplicas(available);
        st.setObservedGeneration(1L);
        ReplicaSetBuilder b = new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(UUID.randomUUID().toString())
                    .withGeneration(1L).withCreationTimestamp(T0.minusSeconds(ageSeconds).toString())
                    .withLabels(new HashMap<>(t.getMetadata().getLabels())).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", "foo").addToMatchLabels(DeploymentUtil.POD_TEMPLATE_HASH, hash).endSelector()
                    .withTemplate(t).endSpec()
                .withStatus(st);
        ReplicaSet rs = b.build();
        if (owner != null) {
            rs.getMetadata().setOwnerReferences(new java.util.ArrayList<>(java.util.List.of(DeploymentSync.controllerRef(owner))));
        }
        return rs;
    }
}
