package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_2;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_3;

/** A pod's volumes, each with its source type in kubectl 1.32's words. Rare sources print {@code <unknown>}. */
final class Volumes {
    private Volumes() {
    }

    static void describe(List<JsonNode> volumes, PrefixWriter w, String space) {
        if (volumes.isEmpty()) {
            w.write(LEVEL_0, "%sVolumes:\t<none>\n", space);
            return;
        }
        w.write(LEVEL_0, "%sVolumes:\n", space);
        for (JsonNode v : volumes) {
            w.write(LEVEL_1, "%s%s:\n", space.isEmpty() ? "" : " ", Tree.str(v, "name"));
            if (Tree.has(v, "hostPath")) {
                JsonNode h = Tree.at(v, "hostPath");
                String type = Tree.has(h, "type") ? Tree.str(h, "type") : "<none>";
                w.write(LEVEL_2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
                        Tree.str(h, "path"), type);
            } else if (Tree.has(v, "emptyDir")) {
                JsonNode e = Tree.at(v, "emptyDir");
                String size = Tree.text(Tree.at(e, "sizeLimit"));
                Quantity q = Quantity.parse(size);
                String limit = !size.isEmpty() && q.compareTo(Quantity.ZERO) > 0 ? q.toString() : "<unset>";
                w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t%s\n    SizeLimit:\t%s\n",
                        Tree.str(e, "medium"), limit);
            } else if (Tree.has(v, "secret")) {
                JsonNode s = Tree.at(v, "secret");
                w.write(LEVEL_2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
                        Tree.str(s, "secretName"), Tree.bool(s, "optional"));
            } else if (Tree.has(v, "configMap")) {
                JsonNode c = Tree.at(v, "configMap");
                w.write(LEVEL_2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
                        Tree.str(c, "name"), Tree.bool(c, "optional"));
            } else if (Tree.has(v, "nfs")) {
                JsonNode n = Tree.at(v, "nfs");
                w.write(LEVEL_2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t%s\n    Path:\t%s\n    ReadOnly:\t%s\n",
                        Tree.str(n, "server"), Tree.str(n, "path"), Tree.bool(n, "readOnly"));
            } else if (Tree.has(v, "persistentVolumeClaim")) {
                JsonNode c = Tree.at(v, "persistentVolumeClaim");
                w.write(LEVEL_2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                        + "    ClaimName:\t%s\n    ReadOnly:\t%s\n", Tree.str(c, "claimName"), Tree.bool(c, "readOnly"));
            } else if (Tree.has(v, "downwardAPI")) {
                w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
                for (JsonNode item : Tree.list(v, "downwardAPI", "items")) {
                    if (Tree.has(item, "fieldRef")) {
                        w.write(LEVEL_3, "%s -> %s\n", Tree.str(item, "fieldRef", "fieldPath"), Tree.str(item, "path"));
                    }
                    if (Tree.has(item, "resourceFieldRef")) {
                        w.write(LEVEL_3, "%s -> %s\n", Tree.str(item, "resourceFieldRef", "resource"), Tree.str(item, "path"));
                    }
                }
            } else if (Tree.has(v, "projected")) {
                projected(Tree.at(v, "projected"), w);
            } else if (Tree.has(v, "csi")) {
                JsonNode c = Tree.at(v, "csi");
                w.write(LEVEL_2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t%s\n    FSType:\t%s\n    ReadOnly:\t%s\n",
                        Tree.str(c, "driver"), Tree.str(c, "fsType"), Tree.bool(c, "readOnly"));
                attributes(w, Tree.map(c, "volumeAttributes"));
            } else if (Tree.has(v, "image")) {
                JsonNode i = Tree.at(v, "image");
                w.write(LEVEL_2, "Type:\tImage (a container image or OCI artifact)\n    Reference:\t%s\n    PullPolicy:\t%s\n",
                        Tree.str(i, "reference"), Tree.str(i, "pullPolicy"));
            } else {
                w.write(LEVEL_1, "<unknown>\n");
            }
        }
    }

    private static void projected(JsonNode projected, PrefixWriter w) {
        w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
        for (JsonNode source : Tree.list(projected, "sources")) {
            if (Tree.has(source, "secret")) {
                w.write(LEVEL_2, "SecretName:\t%s\n    SecretOptionalName:\t%s\n", Tree.str(source, "secret", "name"),
                        optional(Tree.at(source, "secret", "optional")));
            } else if (Tree.has(source, "downwardAPI")) {
                w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
            } else if (Tree.has(source, "configMap")) {
                w.write(LEVEL_2, "ConfigMapName:\t%s\n    ConfigMapOptional:\t%s\n", Tree.str(source, "configMap", "name"),
                        optional(Tree.at(source, "configMap", "optional")));
            } else if (Tree.has(source, "serviceAccountToken")) {
                w.write(LEVEL_2, "TokenExpirationSeconds:\t%d\n", Tree.num(source, "serviceAccountToken", "expirationSeconds"));
            }
        }
    }

    /**
     * kubectl 1.32 prints the optional flag of a projected source as a Go pointer: {@code <nil>}
     * when unset, a memory address when set; the flag's value stands in for the address.
     */
    private static String optional(JsonNode flag) {
        return Tree.has(flag) ? String.valueOf(flag.asBoolean()) : "<nil>";
    }

    private static void attributes(PrefixWriter w, Map<String, String> attributes) {
        w.write(LEVEL_2, "%s:%s", "VolumeAttributes", "\t");
        if (attributes.isEmpty()) {
            w.writeLine("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
            if (!first) {
                w.write(LEVEL_2, "");
                w.write(LEVEL_2, "\t");
            }
            first = false;
            String line = e.getKey() + "=" + e.getValue();
            w.write(LEVEL_2, "%s\n", line.length() > 140 ? line.substring(0, 140) + "..." : line);
        }
    }
}
