package io.jctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jctl}: the kubectl-like command line. Each command is one small class. */
@Command(name = "jctl", mixinStandardHelpOptions = true, version = "jctl 0.1.0",
        description = "Control a jctl (or any Kubernetes) cluster.",
        subcommands = {})
public final class Jctl implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Jctl()).execute(args));
    }
}
