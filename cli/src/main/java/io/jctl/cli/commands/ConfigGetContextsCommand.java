package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl config get-contexts [NAME]}: the contexts, the current one starred. */
@Command(name = "get-contexts", description = "List the kubeconfig's contexts.")
public final class ConfigGetContextsCommand extends JctlCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "--no-headers")
    boolean noHeaders;

    @Option(names = {"-o", "--output"}, description = "name: only the names.")
    String output;

    @Override
    protected int execute(Session s) {
        KubeconfigChain chain = KubeconfigChain.of(s.options().kubeconfig(), s.env(), s.cwd());
        String file = chain.describe().substring("kubeconfig ".length());
        KubeConfig kc = chain.merged();
        List<KubeConfig.Context> contexts = new ArrayList<>();
        for (KubeConfig.Context c : kc.contexts()) {
            if (name == null || c.name().equals(name)) {
                contexts.add(c);
            }
        }
        if (name != null && contexts.isEmpty()) {
            throw new CliException("error: context \"" + name + "\" not found in kubeconfig " + file);
        }
        if ("name".equals(output)) {
            contexts.forEach(c -> s.out().println(c.name()));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        if (!noHeaders) {
            rows.add(new String[]{"CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"});
        }
        for (KubeConfig.Context c : contexts) {
            rows.add(new String[]{c.name().equals(kc.currentContext()) ? "*" : "", c.name(), c.cluster(), c.user(),
                    c.namespace()});
        }
        TextColumns.print(rows, s.out());
        return 0;
    }
}
