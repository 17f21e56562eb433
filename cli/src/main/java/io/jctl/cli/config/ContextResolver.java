package io.jctl.cli.config;

import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Turns the kubeconfig and the global flags into the one connection a command uses. */
public final class ContextResolver {
    private ContextResolver() {
    }

    public static ResolvedContext resolve(ConnectionOptions o, Map<String, String> env) {
        Path file = KubeconfigFiles.locate(o.kubeconfig(), env);
        boolean explicitFile = o.kubeconfig() != null || env.get("KUBECONFIG") != null;
        if (o.server() != null && !Files.exists(file) && !explicitFile) {
            return fromFlagsOnly(o);
        }
        KubeConfig kc = KubeconfigFiles.load(file);
        String name = o.context() != null ? o.context() : kc.currentContext();
        if (name == null || name.isEmpty()) {
            if (o.server() != null) {
                return fromFlagsOnly(o);
            }
            throw new CliException("error: kubeconfig " + file + " sets no current context.\n"
                    + "Pick one with `jctl config use-context NAME` or pass --context NAME.");
        }
        if (kc.context(name).isEmpty()) {
            throw new CliException("error: context \"" + name + "\" does not exist in kubeconfig " + file
                    + ".\nIt has: " + String.join(", ", kc.contexts().stream().map(KubeConfig.Context::name).toList())
                    + " (see `jctl config get-contexts`).");
        }
        ClientConfig base;
        try {
            base = kc.forContext(name);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new CliException("error: context \"" + name + "\" in kubeconfig " + file + ": " + e.getMessage());
        }
        String source = "context \"" + name + "\" of kubeconfig " + file;
        ClientConfig.Builder b = base.toBuilder().userAgent("jctl/0.1");
        applyOverrides(b, o);
        String ns = o.namespace() != null ? o.namespace() : kc.context(name).map(KubeConfig.Context::namespace).orElse(null);
        return new ResolvedContext(b.build(), ns == null || ns.isEmpty() ? "default" : ns, name, source);
    }

    private static ResolvedContext fromFlagsOnly(ConnectionOptions o) {
        ClientConfig.Builder b = builder(o.server());
        applyOverrides(b, o);
        String ns = o.namespace() == null || o.namespace().isEmpty() ? "default" : o.namespace();
        return new ResolvedContext(b.build(), ns, null, "the --server flag");
    }

    private static void applyOverrides(ClientConfig.Builder b, ConnectionOptions o) {
        if (o.server() != null) {
            try {
                b.server(o.server());
            } catch (IllegalArgumentException e) {
                throw new CliException("error: --server " + e.getMessage());
            }
        }
        if (o.token() != null) {
            b.token(o.token()).tokenFile(null);
        }
        if (o.insecure()) {
            b.insecure(true);
        }
    }

    private static ClientConfig.Builder builder(String server) {
        try {
            return ClientConfig.builder(server).userAgent("jctl/0.1");
        } catch (IllegalArgumentException e) {
            throw new CliException("error: --server " + e.getMessage());
        }
    }
}
