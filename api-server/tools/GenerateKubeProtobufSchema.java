import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the field table that io.jctl.apiserver.protobuf decodes with (k8s-1.32.schema) from the
 * descriptors in io.kubernetes:client-java-proto. Not part of the build: that jar's generated
 * classes need protobuf-java 4.31, while jetcd/grpc pin 3.25, so the api-server ships only the
 * text table. Run from the repository root:
 *
 * <pre>
 * M=~/.m2/repository
 * java -cp $M/io/kubernetes/client-java-proto/24.0.0/client-java-proto-24.0.0.jar:$M/com/google/protobuf/protobuf-java/4.31.0/protobuf-java-4.31.0.jar \
 *   api-server/tools/GenerateKubeProtobufSchema.java \
 *   > api-server/src/main/resources/io/jctl/apiserver/protobuf/k8s-1.32.schema
 * </pre>
 *
 * client-java-proto 24.0.0 carries the Kubernetes 1.30 protos and no coordination.k8s.io; the
 * 1.31/1.32 fields and Lease are added below with the numbers of k8s.io/api's generated.proto.
 * Go pointer fields (whose zero value is kept) are listed by hand from k8s.io/api types.go:
 * protobuf cannot tell them apart, as go-to-protobuf writes every non-pointer field, zero or not.
 */
public class GenerateKubeProtobufSchema {
    static final String CORE = "k8s.io.api.core.v1.";
    static final String APPS = "k8s.io.api.apps.v1.";
    static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    static final String COORD = "k8s.io.api.coordination.v1.";
    static final String POLICY = "k8s.io.api.policy.v1.";
    static final String AUTOSCALING = "k8s.io.api.autoscaling.v1.";

    /** apiVersion, kind, message: the objects a body may carry. */
    static final String[][] KINDS = {
            {"v1", "Namespace", CORE + "Namespace"}, {"v1", "Pod", CORE + "Pod"}, {"v1", "Node", CORE + "Node"},
            {"v1", "Service", CORE + "Service"}, {"v1", "Endpoints", CORE + "Endpoints"},
            {"v1", "ConfigMap", CORE + "ConfigMap"}, {"v1", "Secret", CORE + "Secret"},
            {"v1", "Event", CORE + "Event"}, {"v1", "Binding", CORE + "Binding"},
            {"apps/v1", "Deployment", APPS + "Deployment"}, {"apps/v1", "ReplicaSet", APPS + "ReplicaSet"},
            {"coordination.k8s.io/v1", "Lease", COORD + "Lease"},
            {"policy/v1", "Eviction", POLICY + "Eviction"}, {"autoscaling/v1", "Scale", AUTOSCALING + "Scale"},
            // DeleteOptions is registered in every group version.
            {"*", "DeleteOptions", META + "DeleteOptions"},
    };

    /** Go pointer fields (*int32, *bool, *string, *SomeStringType, *intstr.IntOrString). */
    static final Set<String> POINTERS = new TreeSet<>(List.of(
            META + "ObjectMeta.deletionGracePeriodSeconds", META + "OwnerReference.controller",
            META + "OwnerReference.blockOwnerDeletion", META + "ListMeta.remainingItemCount",
            META + "DeleteOptions.gracePeriodSeconds", META + "DeleteOptions.orphanDependents",
            META + "DeleteOptions.propagationPolicy",
            META + "DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential",
            META + "Preconditions.uid", META + "Preconditions.resourceVersion",
            APPS + "DeploymentSpec.replicas", APPS + "DeploymentSpec.revisionHistoryLimit",
            APPS + "DeploymentSpec.progressDeadlineSeconds", APPS + "DeploymentStatus.collisionCount",
            APPS + "RollingUpdateDeployment.maxUnavailable", APPS + "RollingUpdateDeployment.maxSurge",
            APPS + "ReplicaSetSpec.replicas",
            COORD + "LeaseSpec.holderIdentity", COORD + "LeaseSpec.leaseDurationSeconds",
            COORD + "LeaseSpec.leaseTransitions", COORD + "LeaseSpec.strategy", COORD + "LeaseSpec.preferredHolder",
            CORE + "PodSpec.terminationGracePeriodSeconds", CORE + "PodSpec.activeDeadlineSeconds",
            CORE + "PodSpec.automountServiceAccountToken", CORE + "PodSpec.shareProcessNamespace",
            CORE + "PodSpec.priority", CORE + "PodSpec.enableServiceLinks", CORE + "PodSpec.preemptionPolicy",
            CORE + "PodSpec.setHostnameAsFQDN", CORE + "PodSpec.hostUsers", CORE + "PodSpec.runtimeClassName",
            CORE + "PodSecurityContext.runAsUser", CORE + "PodSecurityContext.runAsGroup",
            CORE + "PodSecurityContext.runAsNonRoot", CORE + "PodSecurityContext.fsGroup",
            CORE + "PodSecurityContext.fsGroupChangePolicy", CORE + "PodSecurityContext.supplementalGroupsPolicy",
            CORE + "SecurityContext.privileged", CORE + "SecurityContext.runAsUser",
            CORE + "SecurityContext.runAsGroup", CORE + "SecurityContext.runAsNonRoot",
            CORE + "SecurityContext.readOnlyRootFilesystem", CORE + "SecurityContext.allowPrivilegeEscalation",
            CORE + "SecurityContext.procMount",
            CORE + "WindowsSecurityContextOptions.gmsaCredentialSpecName",
            CORE + "WindowsSecurityContextOptions.gmsaCredentialSpec",
            CORE + "WindowsSecurityContextOptions.runAsUserName", CORE + "WindowsSecurityContextOptions.hostProcess",
            CORE + "SeccompProfile.localhostProfile", CORE + "AppArmorProfile.localhostProfile",
            CORE + "Probe.terminationGracePeriodSeconds", CORE + "GRPCAction.service",
            CORE + "Container.restartPolicy", CORE + "EphemeralContainerCommon.restartPolicy",
            CORE + "ConfigMapKeySelector.optional", CORE + "SecretKeySelector.optional",
            CORE + "ConfigMapEnvSource.optional", CORE + "SecretEnvSource.optional",
            CORE + "VolumeMount.mountPropagation", CORE + "VolumeMount.recursiveReadOnly",
            CORE + "VolumeMountStatus.recursiveReadOnly",
            CORE + "HostPathVolumeSource.type", CORE + "SecretVolumeSource.defaultMode",
            CORE + "SecretVolumeSource.optional", CORE + "ConfigMapVolumeSource.defaultMode",
            CORE + "ConfigMapVolumeSource.optional", CORE + "KeyToPath.mode",
            CORE + "DownwardAPIVolumeSource.defaultMode", CORE + "DownwardAPIVolumeFile.mode",
            CORE + "ProjectedVolumeSource.defaultMode", CORE + "ServiceAccountTokenProjection.expirationSeconds",
            CORE + "ClusterTrustBundleProjection.name", CORE + "ClusterTrustBundleProjection.signerName",
            CORE + "ClusterTrustBundleProjection.optional", CORE + "SecretProjection.optional",
            CORE + "ConfigMapProjection.optional", CORE + "CSIVolumeSource.readOnly", CORE + "CSIVolumeSource.fsType",
            CORE + "ISCSIVolumeSource.initiatorName", CORE + "FCVolumeSource.lun",
            CORE + "AzureDiskVolumeSource.cachingMode", CORE + "AzureDiskVolumeSource.fsType",
            CORE + "AzureDiskVolumeSource.readOnly", CORE + "AzureDiskVolumeSource.kind",
            CORE + "PersistentVolumeClaimSpec.storageClassName", CORE + "PersistentVolumeClaimSpec.volumeMode",
            CORE + "PersistentVolumeClaimSpec.volumeAttributesClassName",
            CORE + "TypedLocalObjectReference.apiGroup", CORE + "TypedObjectReference.apiGroup",
            CORE + "TypedObjectReference.namespace",
            CORE + "PodResourceClaim.resourceClaimName", CORE + "PodResourceClaim.resourceClaimTemplateName",
            CORE + "PodResourceClaimStatus.resourceClaimName",
            CORE + "TopologySpreadConstraint.minDomains", CORE + "TopologySpreadConstraint.nodeAffinityPolicy",
            CORE + "TopologySpreadConstraint.nodeTaintsPolicy", CORE + "Toleration.tolerationSeconds",
            CORE + "PodDNSConfigOption.value", CORE + "ContainerStatus.started",
            CORE + "Secret.immutable", CORE + "ConfigMap.immutable",
            CORE + "ServiceSpec.ipFamilyPolicy", CORE + "ServiceSpec.allocateLoadBalancerNodePorts",
            CORE + "ServiceSpec.loadBalancerClass", CORE + "ServiceSpec.internalTrafficPolicy",
            CORE + "ServiceSpec.trafficDistribution", CORE + "ServicePort.appProtocol",
            CORE + "ClientIPConfig.timeoutSeconds", CORE + "LoadBalancerIngress.ipMode", CORE + "PortStatus.error",
            CORE + "EndpointAddress.nodeName", CORE + "EndpointPort.appProtocol",
            CORE + "NodeRuntimeHandlerFeatures.recursiveReadOnlyMounts"));

    /** Embedded Go structs ({@code json:",inline"}): their fields belong to the parent in JSON. */
    static final Set<String> INLINE = new TreeSet<>(List.of(
            CORE + "Volume.volumeSource", CORE + "Probe.handler", CORE + "EphemeralContainer.ephemeralContainerCommon",
            CORE + "ConfigMapEnvSource.localObjectReference", CORE + "ConfigMapKeySelector.localObjectReference",
            CORE + "ConfigMapProjection.localObjectReference", CORE + "ConfigMapVolumeSource.localObjectReference",
            CORE + "SecretEnvSource.localObjectReference", CORE + "SecretKeySelector.localObjectReference",
            CORE + "SecretProjection.localObjectReference"));

    public static void main(String[] args) throws Exception {
        Map<String, Descriptor> all = new TreeMap<>();
        List<FileDescriptor> files = new ArrayList<>();
        for (String cls : List.of("V1", "V1Apps", "V1Policy", "V1Autoscaling", "Meta", "Runtime", "IntStr",
                "Resource")) {
            files.add((FileDescriptor) Class.forName("io.kubernetes.client.proto." + cls).getMethod("getDescriptor")
                    .invoke(null));
        }
        FileDescriptor meta = files.get(4);
        files.set(0, patchCore(files.get(0)));
        files.set(4, meta = patchMeta(meta));
        files.add(coordination(meta));
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                collect(d, all);
            }
        }
        Set<String> reachable = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String[] k : KINDS) {
            todo.add(k[2]);
        }
        todo.add("k8s.io.apimachinery.pkg.runtime.Unknown");
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Descriptor d = all.get(name);
            if (d == null) {
                throw new IllegalStateException("no message " + name);
            }
            if (!reachable.add(name)) {
                continue;
            }
            for (FieldDescriptor f : d.getFields()) {
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    Descriptor m = f.getMessageType();
                    todo.add(m.getOptions().getMapEntry() ? m.findFieldByNumber(2).getJavaType()
                            == FieldDescriptor.JavaType.MESSAGE ? m.findFieldByNumber(2).getMessageType().getFullName()
                            : m.getFullName() : m.getFullName());
                }
                if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                    throw new IllegalStateException("enums are not expected: " + f.getFullName());
                }
            }
        }
        Set<String> pointersSeen = new TreeSet<>();
        StringBuilder out = new StringBuilder();
        out.append("# Protobuf field table of the Kubernetes objects jctl decodes: GENERATED by\n")
                .append("# api-server/tools/GenerateKubeProtobufSchema.java; do not edit by hand.\n")
                .append("# kind <apiVersion|*> <Kind> <message>\n")
                .append("# message <name>, then one line per field: <number> <jsonName> <one|ptr|inline|list|map> <type>\n")
                .append("# (one: Go value field, a zero value means unset; ptr: Go pointer, kept when sent;\n")
                .append("#  inline: embedded struct whose fields join the parent's; map: string keys, <type> is the value type)\n");
        for (String[] k : KINDS) {
            out.append("kind ").append(k[0]).append(' ').append(k[1]).append(' ').append(k[2]).append('\n');
        }
        for (String name : reachable) {
            Descriptor d = all.get(name);
            if (d.getOptions().getMapEntry()) {
                continue;
            }
            out.append("message ").append(name).append('\n');
            List<FieldDescriptor> fields = new ArrayList<>(d.getFields());
            fields.sort((a, b) -> Integer.compare(a.getNumber(), b.getNumber()));
            for (FieldDescriptor f : fields) {
                String card;
                String type;
                if (f.isMapField()) {
                    Descriptor e = f.getMessageType();
                    if (e.findFieldByNumber(1).getType() != FieldDescriptor.Type.STRING) {
                        throw new IllegalStateException("non-string map key " + f.getFullName());
                    }
                    card = "map";
                    type = typeName(e.findFieldByNumber(2));
                } else {
                    type = typeName(f);
                    String key = name + "." + f.getName();
                    boolean ptr = POINTERS.contains(key);
                    if (ptr) {
                        pointersSeen.add(key);
                    }
                    boolean inline = INLINE.contains(key);
                    if (inline) {
                        if (f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                            throw new IllegalStateException("inline field is not a single message: " + key);
                        }
                        pointersSeen.add(key);
                    }
                    card = f.isRepeated() ? "list" : ptr ? "ptr" : inline ? "inline" : "one";
                }
                out.append(f.getNumber()).append(' ').append(f.getName()).append(' ').append(card).append(' ')
                        .append(type).append('\n');
            }
        }
        Set<String> unknown = new TreeSet<>(POINTERS);
        unknown.addAll(INLINE);
        unknown.removeAll(pointersSeen);
        for (String u : unknown) {
            // Listed for completeness of the served kinds; some live in messages no kind reaches.
            if (all.containsKey(u.substring(0, u.lastIndexOf('.'))) && reachable.contains(u.substring(0,
                    u.lastIndexOf('.')))) {
                throw new IllegalStateException("pointer field not in its message: " + u);
            }
        }
        System.out.print(out);
    }

    static void collect(Descriptor d, Map<String, Descriptor> all) {
        all.put(d.getFullName(), d);
        for (Descriptor n : d.getNestedTypes()) {
            collect(n, all);
        }
    }

    static String typeName(FieldDescriptor f) {
        return switch (f.getType()) {
            case MESSAGE -> f.getMessageType().getFullName();
            case STRING -> "string";
            case BYTES -> "bytes";
            case BOOL -> "bool";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            default -> throw new IllegalStateException("unexpected type " + f.getType() + " of " + f.getFullName());
        };
    }

    static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type, String message,
                                      boolean repeated) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(type).setLabel(repeated ? FieldDescriptorProto.Label.LABEL_REPEATED
                        : FieldDescriptorProto.Label.LABEL_OPTIONAL);
        if (message != null) {
            b.setTypeName("." + message);
        }
        return b.build();
    }

    static FieldDescriptorProto str(String name, int number) {
        return field(name, number, FieldDescriptorProto.Type.TYPE_STRING, null, false);
    }

    static DescriptorProto.Builder message(FileDescriptorProto.Builder file, String name) {
        for (DescriptorProto.Builder m : file.getMessageTypeBuilderList()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalStateException("no message " + name);
    }

    /** The core/v1 fields of Kubernetes 1.31 and 1.32 that the 1.30 protos lack. */
    static FileDescriptor patchCore(FileDescriptor core) throws Exception {
        FileDescriptorProto.Builder p = core.toProto().toBuilder();
        message(p, "PodSecurityContext").addField(str("supplementalGroupsPolicy", 12));
        message(p, "PodResourceClaim").addField(str("resourceClaimName", 3)).addField(str("resourceClaimTemplateName",
                4));
        message(p, "VolumeSource").addField(field("image", 30, FieldDescriptorProto.Type.TYPE_MESSAGE,
                CORE + "ImageVolumeSource", false));
        p.addMessageType(DescriptorProto.newBuilder().setName("ImageVolumeSource").addField(str("reference", 1))
                .addField(str("pullPolicy", 2)));
        return FileDescriptor.buildFrom(p.build(), core.getDependencies().toArray(new FileDescriptor[0]));
    }

    /** DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential came with 1.32. */
    static FileDescriptor patchMeta(FileDescriptor meta) throws Exception {
        FileDescriptorProto.Builder p = meta.toProto().toBuilder();
        message(p, "DeleteOptions").addField(field("ignoreStoreReadErrorWithClusterBreakingPotential", 6,
                FieldDescriptorProto.Type.TYPE_BOOL, null, false));
        return FileDescriptor.buildFrom(p.build(), meta.getDependencies().toArray(new FileDescriptor[0]));
    }

    /** coordination.k8s.io/v1, as in k8s.io/api/coordination/v1/generated.proto of 1.32. */
    static FileDescriptor coordination(FileDescriptor meta) throws Exception {
        FileDescriptorProto p = FileDescriptorProto.newBuilder().setName("k8s.io/api/coordination/v1/generated.proto")
                .setPackage("k8s.io.api.coordination.v1").addDependency(meta.getName())
                .addMessageType(DescriptorProto.newBuilder().setName("Lease")
                        .addField(field("metadata", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, META + "ObjectMeta", false))
                        .addField(field("spec", 2, FieldDescriptorProto.Type.TYPE_MESSAGE, COORD + "LeaseSpec", false)))
                .addMessageType(DescriptorProto.newBuilder().setName("LeaseSpec")
                        .addField(str("holderIdentity", 1))
                        .addField(field("leaseDurationSeconds", 2, FieldDescriptorProto.Type.TYPE_INT32, null, false))
                        .addField(field("acquireTime", 3, FieldDescriptorProto.Type.TYPE_MESSAGE, META + "MicroTime", false))
                        .addField(field("renewTime", 4, FieldDescriptorProto.Type.TYPE_MESSAGE, META + "MicroTime", false))
                        .addField(field("leaseTransitions", 5, FieldDescriptorProto.Type.TYPE_INT32, null, false))
                        .addField(str("strategy", 6)).addField(str("preferredHolder", 7)))
                .build();
        return FileDescriptor.buildFrom(p, new FileDescriptor[]{meta});
    }
}
