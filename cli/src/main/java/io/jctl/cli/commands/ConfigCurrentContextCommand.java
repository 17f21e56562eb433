package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigChain;
import picocli.CommandLine.Command;


/** {@code jctl config current-context}. */
@Command(name = "current-context", description = "Print the current context's name.")
public final class ConfigCurrentContextCommand extends JctlCommand {
    @Override
    protected int execute(Session s) {
        KubeconfigChain chain = KubeconfigChain.of(s.options().kubeconfig(), s.env(), s.cwd());
        String file = chain.describe().substring("kubeconfig ".length());
        KubeConfig kc = chain.merged();
        if (kc.currentContext() == null || kc.currentContext().isEmpty()) {
            throw new CliException("error: current-context is not set in " + file
                    + ".\nSet it with `jctl config use-context NAME`.");
        }
        s.out().println(kc.currentContext());
        return 0;
    }
}
