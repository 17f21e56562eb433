package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.json.Json;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Set;

/** {@code jctl config view}: the kubeconfig with secrets hidden, as kubectl shows it. */
@Command(name = "view", description = "Print the kubeconfig (certificates and tokens hidden unless --raw).")
public final class ConfigViewCommand extends JctlCommand {
    private static final Set<String> DATA = Set.of("certificate-authority-data", "client-certificate-data",
            "client-key-data");

    @Option(names = "--raw", description = "Show certificates and tokens.")
    boolean raw;

    @Option(names = "--minify", description = "Only the current (or --context) context, its cluster and user.")
    boolean minify;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json.")
    String output;

    @Override
    protected int execute(Session s) {
        KubeconfigChain chain = KubeconfigChain.of(s.options().kubeconfig(), s.env(), s.cwd());
        String file = chain.describe().substring("kubeconfig ".length());
        KubeConfig kc = chain.merged();
        ObjectNode root;
        try {
            root = (ObjectNode) Json.yaml().readTree(kc.toYaml());
        } catch (IOException e) {
            throw new CliException("error: cannot show kubeconfig " + file + ": " + e.getMessage());
        }
        if (minify) {
            String ctx = s.options().context() != null ? s.options().context() : kc.currentContext();
            KubeConfig.Context c = kc.context(ctx == null ? "" : ctx)
                    .orElseThrow(() -> new CliException("error: cannot minify: context \"" + ctx
                            + "\" does not exist in " + file));
            keepOnly(root, "contexts", c.name());
            keepOnly(root, "clusters", c.cluster());
            keepOnly(root, "users", c.user());
            root.put("current-context", c.name());
        }
        if (!raw) {
            for (JsonNode e : root.path("clusters")) {
                hide(e.path("cluster"));
            }
            for (JsonNode e : root.path("users")) {
                hide(e.path("user"));
            }
        }
        if ("json".equals(output)) {
            s.out().println(root.toPrettyString());
        } else if ("yaml".equals(output)) {
            s.out().print(Json.toYaml(root));
        } else {
            throw new CliException("error: --output must be yaml or json, not \"" + output + "\"");
        }
        return 0;
    }

    private static void keepOnly(ObjectNode root, String list, String name) {
        com.fasterxml.jackson.databind.node.ArrayNode kept = root.arrayNode();
        for (JsonNode e : root.path(list)) {
            if (e.path("name").asText().equals(name)) {
                kept.add(e);
            }
        }
        root.set(list, kept);
    }

    private static void hide(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (String f : DATA) {
                if (o.has(f)) {
                    o.put(f, "DATA+OMITTED");
                }
            }
            if (o.has("token")) {
                o.put("token", "REDACTED");
            }
        }
    }
}
