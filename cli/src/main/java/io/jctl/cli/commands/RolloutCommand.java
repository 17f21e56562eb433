package io.jctl.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jctl rollout}: watch, list, undo, pause, resume and restart the rollouts of Deployments. */
@Command(name = "rollout", description = "Manage the rollout of a deployment.",
        subcommands = {RolloutStatusCommand.class, RolloutHistoryCommand.class, RolloutUndoCommand.class,
                RolloutPauseCommand.class, RolloutResumeCommand.class, RolloutRestartCommand.class})
public final class RolloutCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
