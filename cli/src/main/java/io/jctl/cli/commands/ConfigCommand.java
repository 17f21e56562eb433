package io.jctl.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jctl config}: reads and edits the kubeconfig file. */
@Command(name = "config", description = "Show or change the kubeconfig (contexts, current context, namespace).",
        subcommands = {ConfigViewCommand.class, ConfigGetContextsCommand.class, ConfigCurrentContextCommand.class,
                ConfigUseContextCommand.class, ConfigSetContextCommand.class})
public final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
