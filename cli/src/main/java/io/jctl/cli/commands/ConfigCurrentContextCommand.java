package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigFiles;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/** {@code jctl config current-context}. */
@Command(name = "current-context", description = "Print the current context's name.")
public final class ConfigCurrentContextCommand extends JctlCommand {
    @Override
    protected int execute(Session s) {
        Path file = KubeconfigFiles.locate(s.options().kubeconfig(), s.env());
        KubeConfig kc = KubeconfigFiles.load(file);
        if (kc.currentContext() == null || kc.currentContext().isEmpty()) {
            throw new CliException("error: current-context is not set in " + file
                    + ".\nSet it with `jctl config use-context NAME`.");
        }
        s.out().println(kc.currentContext());
        return 0;
    }
}
