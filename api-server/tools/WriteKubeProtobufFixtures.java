import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes protobuf test bodies with the official generated classes (an encoder independent of
 * the api-server's decoder) for what kubectl's generators never send: a Deployment with probes,
 * env, resources and rolling-update IntOrStrings, a Pod with status times and pointer fields
 * set to their zero values, an Event with a MicroTime. Run from the repository root:
 *
 * <pre>
 * M=~/.m2/repository
 * java -cp $M/io/kubernetes/client-java-proto/24.0.0/client-java-proto-24.0.0.jar:$M/com/google/protobuf/protobuf-java/4.31.0/protobuf-java-4.31.0.jar \
 *   api-server/tools/WriteKubeProtobufFixtures.java api-server/src/test/resources/io/jctl/apiserver/protobuf
 * </pre>
 */
public class WriteKubeProtobufFixtures {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        write(dir.resolve("generated-deployment.pb"), "apps/v1", "Deployment", deployment());
        write(dir.resolve("generated-pod.pb"), "v1", "Pod", pod());
        write(dir.resolve("generated-event.pb"), "v1", "Event", event());
    }

    static void write(Path file, String apiVersion, String kind, Message object) throws Exception {
        Runtime.Unknown env = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{'k', '8', 's', 0});
        env.writeTo(out);
        Files.write(file, out.toByteArray());
    }

    static Meta.Time time(long seconds) {
        return Meta.Time.newBuilder().setSeconds(seconds).setNanos(0).build();
    }

    static V1.Container container() {
        return V1.Container.newBuilder().setName("web").setImage("nginx:1.27")
                .addCommand("nginx").addArgs("-g").addArgs("daemon off;")
                .addPorts(V1.ContainerPort.newBuilder().setName("http").setContainerPort(80).setProtocol("TCP"))
                .addEnv(V1.EnvVar.newBuilder().setName("MODE").setValue("prod"))
                .addEnv(V1.EnvVar.newBuilder().setName("EMPTY").setValue(""))
                .addEnv(V1.EnvVar.newBuilder().setName("POD_IP").setValueFrom(V1.EnvVarSource.newBuilder()
                        .setFieldRef(V1.ObjectFieldSelector.newBuilder().setApiVersion("v1")
                                .setFieldPath("status.podIP"))))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putRequests("cpu", Quantity.newBuilder().setString("250m").build())
                        .putRequests("memory", Quantity.newBuilder().setString("64Mi").build())
                        .putLimits("memory", Quantity.newBuilder().setString("128Mi").build()))
                .setLivenessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                .setPath("/healthz").setPort(IntOrString.newBuilder().setType(1).setStrVal("http"))))
                        .setInitialDelaySeconds(5).setPeriodSeconds(10).setFailureThreshold(3))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setTcpSocket(V1.TCPSocketAction.newBuilder()
                                .setPort(IntOrString.newBuilder().setType(0).setIntVal(80)))))
                .setSecurityContext(V1.SecurityContext.newBuilder().setRunAsNonRoot(false)
                        .setAllowPrivilegeEscalation(false).setRunAsUser(0))
                .build();
    }

    static V1Apps.Deployment deployment() {
        return V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("prod")
                        .putLabels("app", "web").putAnnotations("note", "")
                        .setCreationTimestamp(time(1_700_000_000L)))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(3).setRevisionHistoryLimit(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web")
                                .addMatchExpressions(Meta.LabelSelectorRequirement.newBuilder().setKey("tier")
                                        .setOperator("In").addValues("front").addValues("edge")))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(0))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container())
                                        .setTerminationGracePeriodSeconds(0).setAutomountServiceAccountToken(false)
                                        .putNodeSelector("disk", "ssd")
                                        .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(
                                                V1.VolumeSource.newBuilder().setConfigMap(
                                                        V1.ConfigMapVolumeSource.newBuilder().setDefaultMode(420)
                                                                .setLocalObjectReference(V1.LocalObjectReference
                                                                        .newBuilder().setName("web-config"))))))))
                .build();
    }

    static V1.Pod pod() {
        return V1.Pod.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").setNamespace("default")
                        .putLabels("run", "p").setDeletionGracePeriodSeconds(0)
                        .addOwnerReferences(Meta.OwnerReference.newBuilder().setApiVersion("apps/v1")
                                .setKind("ReplicaSet").setName("web-1").setUid("u-1").setController(true)
                                .setBlockOwnerDeletion(false))
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl-run")
                                .setOperation("Update").setApiVersion("v1").setTime(time(1_700_000_100L))
                                .setFieldsType("FieldsV1").setFieldsV1(Meta.FieldsV1.newBuilder()
                                        .setRaw(ByteString.copyFromUtf8("{\"f:metadata\":{\"f:labels\":{}}}")))))
                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("p")
                                .setImage("busybox").addArgs("sleep").addArgs("10").setStdin(false).setTty(false))
                        .setRestartPolicy("Always").setDnsPolicy("ClusterFirst").setPriority(0)
                        .addTolerations(V1.Toleration.newBuilder().setKey("node.kubernetes.io/not-ready")
                                .setOperator("Exists").setEffect("NoExecute").setTolerationSeconds(300)))
                .setStatus(V1.PodStatus.newBuilder().setPhase("Running").setStartTime(time(1_700_000_200L))
                        .addConditions(V1.PodCondition.newBuilder().setType("Ready").setStatus("True")
                                .setLastTransitionTime(time(1_700_000_300L)))
                        .addContainerStatuses(V1.ContainerStatus.newBuilder().setName("p").setReady(true)
                                .setRestartCount(0).setStarted(false).setImage("busybox")
                                .setState(V1.ContainerState.newBuilder().setRunning(
                                        V1.ContainerStateRunning.newBuilder().setStartedAt(time(1_700_000_250L))))))
                .build();
    }

    static V1.Event event() {
        return V1.Event.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("p.1").setNamespace("default"))
                .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setName("p")
                        .setNamespace("default"))
                .setReason("Started").setMessage("Started container p").setType("Normal").setCount(1)
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789))
                .setFirstTimestamp(time(1_700_000_000L))
                .build();
    }
}
