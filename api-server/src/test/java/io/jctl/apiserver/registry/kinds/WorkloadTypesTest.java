package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.registry.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertJson;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.createCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.created;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.updateCauses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Deployments and ReplicaSets: apps/v1 defaults, selector/template rules and strategy checks. */
class WorkloadTypesTest {
    private static final DeploymentType DEPLOYMENTS = new DeploymentType();
    private static final ReplicaSetType REPLICASETS = new ReplicaSetType();
    private static final String TEMPLATE = "template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: 'nginx:1.25'}]}}";

    private static String deploy(String extraSpec) {
        return "metadata: {name: web, namespace: default}\nspec: {selector: {matchLabels: {app: web}}, " + TEMPLATE
                + (extraSpec.isEmpty() ? "" : ", " + extraSpec) + "}";
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                arguments("deployment", DEPLOYMENTS, deploy(""), List.of(
                        "/spec/replicas=1", "/spec/strategy={\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}}",
                        "/spec/revisionHistoryLimit=10", "/spec/progressDeadlineSeconds=600",
                        "/spec/template/spec/restartPolicy=\"Always\"", "/spec/template/spec/dnsPolicy=\"ClusterFirst\"",
                        "/spec/template/spec/containers/0/imagePullPolicy=\"IfNotPresent\"", "/status={}")),
                arguments("deployment template gets no pod-only defaults", DEPLOYMENTS, deploy(""),
                        List.of("/spec/template/spec/terminationGracePeriodSeconds=30", "/spec/template/spec/enableServiceLinks=<absent>")),
                arguments("recreate gets no rollingUpdate", DEPLOYMENTS, deploy("strategy: {type: Recreate}"),
                        List.of("/spec/strategy={\"type\":\"Recreate\"}")),
                arguments("partial rollingUpdate filled", DEPLOYMENTS, deploy("strategy: {rollingUpdate: {maxSurge: 1}}"),
                        List.of("/spec/strategy/rollingUpdate={\"maxSurge\":1,\"maxUnavailable\":\"25%\"}")),
                arguments("client status cleared", DEPLOYMENTS, deploy("replicas: 3") + "\nstatus: {replicas: 9}",
                        List.of("/spec/replicas=3", "/status={}")),
                arguments("replicaset", REPLICASETS, deploy(""), List.of("/spec/replicas=1",
                        "/spec/template/spec/schedulerName=\"default-scheduler\"", "/status={}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    <T extends io.fabric8.kubernetes.api.model.HasMetadata> void defaulting(String name, ResourceType<T> kind, String yaml,
                                                                              List<String> expectations) {
        assertJson(created(kind, yaml), expectations);
    }

    static Stream<Arguments> invalid() {
        String meta = "metadata: {name: web, namespace: default}\n";
        return Stream.of(
                arguments("valid", deploy(""), List.of()),
                arguments("no selector", meta + "spec: {" + TEMPLATE + "}", List.of("spec.selector FieldValueRequired")),
                arguments("empty selector", meta + "spec: {selector: {}, " + TEMPLATE + "}", List.of("spec.selector FieldValueInvalid")),
                arguments("selector does not match labels", meta + "spec: {selector: {matchLabels: {app: api}}, " + TEMPLATE + "}",
                        List.of("spec.template.metadata.labels FieldValueInvalid")),
                arguments("matchExpressions operator", meta + "spec: {selector: {matchExpressions: [{key: app, operator: Like, values: [web]}]}, " + TEMPLATE + "}",
                        List.of("spec.selector.matchExpressions[0].operator FieldValueInvalid", "spec.template.metadata.labels FieldValueInvalid")),
                arguments("In without values", meta + "spec: {selector: {matchExpressions: [{key: app, operator: In}]}, " + TEMPLATE + "}",
                        List.of("spec.selector.matchExpressions[0].values FieldValueRequired", "spec.template.metadata.labels FieldValueInvalid")),
                arguments("negative replicas", deploy("replicas: -1"), List.of("spec.replicas FieldValueInvalid")),
                arguments("negative minReadySeconds", deploy("minReadySeconds: -5"), List.of("spec.minReadySeconds FieldValueInvalid")),
                arguments("negative revisionHistoryLimit", deploy("revisionHistoryLimit: -1"), List.of("spec.revisionHistoryLimit FieldValueInvalid")),
                arguments("deadline not above minReady", deploy("minReadySeconds: 30, progressDeadlineSeconds: 30"),
                        List.of("spec.progressDeadlineSeconds FieldValueInvalid")),
                arguments("strategy type", deploy("strategy: {type: BlueGreen}"), List.of("spec.strategy.type FieldValueNotSupported")),
                arguments("rollingUpdate with Recreate", deploy("strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}"),
                        List.of("spec.strategy.rollingUpdate FieldValueForbidden")),
                arguments("both zero", deploy("strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}"),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable FieldValueInvalid")),
                arguments("bad percent", deploy("strategy: {rollingUpdate: {maxSurge: 'ten%'}}"),
                        List.of("spec.strategy.rollingUpdate.maxSurge FieldValueInvalid")),
                arguments("negative surge", deploy("strategy: {rollingUpdate: {maxSurge: -1}}"),
                        List.of("spec.strategy.rollingUpdate.maxSurge FieldValueInvalid")),
                arguments("maxUnavailable over 100%", deploy("strategy: {rollingUpdate: {maxUnavailable: '120%'}}"),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable FieldValueInvalid")),
                arguments("template must restart Always", meta + "spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {restartPolicy: OnFailure, containers: [{name: app, image: a}]}}}",
                        List.of("spec.template.spec.restartPolicy FieldValueNotSupported")),
                arguments("template container image", meta + "spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app}]}}}",
                        List.of("spec.template.spec.containers[0].image FieldValueRequired")),
                arguments("template label value", meta + "spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web, tier: 'a b'}}, spec: {containers: [{name: app, image: a}]}}}",
                        List.of("spec.template.metadata.labels[tier] FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void deploymentValidation(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(DEPLOYMENTS, yaml), expected);
    }

    static Stream<Arguments> invalidReplicaSets() {
        return Stream.of(
                arguments("valid", deploy(""), List.of()),
                arguments("negative replicas", deploy("replicas: -2"), List.of("spec.replicas FieldValueInvalid")),
                arguments("selector mismatch", "metadata: {name: web, namespace: default}\nspec: {selector: {matchLabels: {app: x}}, " + TEMPLATE + "}",
                        List.of("spec.template.metadata.labels FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidReplicaSets")
    void replicaSetValidation(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(REPLICASETS, yaml), expected);
    }

    @Test
    void kubernetesWordingForSelectorMismatchAndImmutableSelector() {
        List<StatusCause> mismatch = createCauses(DEPLOYMENTS,
                "metadata: {name: web, namespace: default}\nspec: {selector: {matchLabels: {app: api}}, " + TEMPLATE + "}");
        assertThat(mismatch).extracting(StatusCause::describe).containsExactly(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");

        String changed = "metadata: {name: web, namespace: default}\nspec: {selector: {matchLabels: {app: web, v: '2'}}, "
                + "template: {metadata: {labels: {app: web, v: '2'}}, spec: {containers: [{name: app, image: a}]}}}";
        assertThat(updateCauses(DEPLOYMENTS, deploy(""), changed)).extracting(StatusCause::describe).containsExactly(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}, "
                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        assertCauses(updateCauses(REPLICASETS, deploy(""), changed), List.of("spec.selector FieldValueInvalid"));
        assertCauses(updateCauses(DEPLOYMENTS, deploy(""), deploy("replicas: 5")), List.of());
    }

    @Test
    void statusWritesAreChecked() {
        Deployment d = created(DEPLOYMENTS, deploy(""));
        d.getStatus().setReplicas(2);
        d.getStatus().setReadyReplicas(3);
        assertCauses(DEPLOYMENTS.validateStatusObject(d, d), List.of("status.readyReplicas FieldValueInvalid"));
        ReplicaSet rs = created(REPLICASETS, deploy(""));
        rs.getStatus().setReplicas(2);
        rs.getStatus().setFullyLabeledReplicas(5);
        assertThat(REPLICASETS.validateStatusObject(rs, rs)).extracting(StatusCause::describe).containsExactly(
                "status.fullyLabeledReplicas: Invalid value: 5: cannot be greater than status.replicas");
    }

    @Test
    void tableCells() {
        Deployment d = created(DEPLOYMENTS, deploy("replicas: 3"));
        d.getStatus().setReadyReplicas(2);
        d.getStatus().setUpdatedReplicas(3);
        d.getStatus().setAvailableReplicas(2);
        assertThat(DEPLOYMENTS.columns()).extracting(c -> c.name()).containsExactly(
                "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector");
        assertThat(DEPLOYMENTS.cells(d)).containsExactly("2/3", 3L, 2L, "<unknown>", "app", "nginx:1.25", "app=web");

        ReplicaSet rs = created(REPLICASETS, deploy("replicas: 4"));
        rs.getStatus().setReplicas(4);
        rs.getStatus().setReadyReplicas(1);
        assertThat(REPLICASETS.cells(rs)).containsExactly(4L, 4L, 1L, "<unknown>", "app", "nginx:1.25", "app=web");
        assertThat(REPLICASETS.columns()).filteredOn(c -> c.priority() == 1).extracting(c -> c.name())
                .containsExactly("Containers", "Images", "Selector");
    }
}
