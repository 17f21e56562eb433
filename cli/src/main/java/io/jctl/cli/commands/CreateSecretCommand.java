package io.jctl.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jctl create secret}: only {@code generic} so far. */
@Command(name = "secret", description = "Create a secret.", subcommands = CreateSecretGenericCommand.class)
public final class CreateSecretCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
