package io.jctl.cli.manifests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;

/** Which namespace a manifest's object goes to, with kubectl's rule for a conflicting -n. */
public final class ManifestNamespaces {
    private ManifestNamespaces() {
    }

    /**
     * The object's own namespace, else the session's; null for cluster-scoped kinds. An explicit
     * {@code -n} that contradicts the manifest is an error, as in kubectl. Sets the namespace on
     * the object when it had none.
     */
    public static String resolve(Manifest m, boolean namespaced, String explicitFlag, String defaultNamespace) {
        if (!namespaced) {
            return null;
        }
        String own = m.namespace();
        if (own != null) {
            if (explicitFlag != null && !explicitFlag.equals(own)) {
                throw new CliException("error: the namespace from the provided object \"" + own + "\" does not match "
                        + "the namespace \"" + explicitFlag + "\" (" + m.where() + ").\nYou must pass '--namespace="
                        + own + "' to perform this operation.");
            }
            return own;
        }
        ObjectNode meta = m.object().get("metadata") instanceof ObjectNode o ? o : m.object().putObject("metadata");
        meta.put("namespace", defaultNamespace);
        return defaultNamespace;
    }
}
