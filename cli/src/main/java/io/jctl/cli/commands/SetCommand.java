package io.jctl.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jctl set}: change one aspect of existing objects. */
@Command(name = "set", description = "Set specific features on objects.", subcommands = {SetImageCommand.class})
public final class SetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
