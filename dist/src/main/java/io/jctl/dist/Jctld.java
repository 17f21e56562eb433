package io.jctl.dist;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jctld} daemon launcher; each process role is a subcommand. */
@Command(name = "jctld", mixinStandardHelpOptions = true, version = "jctld 0.1.0",
        description = "jctl daemons: the control plane server, controllers, scheduler, node agent and container runtime.",
        subcommands = {
                ServerCommand.class,
                io.jctl.controllers.ControllersCommand.class,
                io.jctl.scheduler.SchedulerCommand.class,
                io.jctl.agent.AgentCommand.class,
                io.jctl.runtime.server.RuntimeCommand.class,
                io.jctl.runtime.crictl.CrictlCommand.class,
                io.jctl.apiserver.bench.BenchCommand.class,
                io.jctl.dist.bench.SchedulerBenchCommand.class,
                io.jctl.dist.bench.ControllersBench.class,
                io.jctl.dist.bench.PodsBench.class,
                io.jctl.runtime.bench.RuntimeBench.class,
                io.jctl.dist.bench.PodStartupBench.class,
                io.jctl.dist.bench.ServiceDatapathBench.class,
                io.jctl.dist.up.UpCommand.class,
                io.jctl.dist.up.DownCommand.class,
                io.jctl.dist.cds.CdsArchivesCommand.class,
        })
public final class Jctld implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Jctld());
        // A daemon that cannot start says why in one line; stack traces are for bugs.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof java.io.IOException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("jctld: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
