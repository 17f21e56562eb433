package io.jctl.runtime.crictl;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** A crictl subcommand: connects, runs, and turns a gRPC error into one line and exit code 1. */
abstract class CrictlSubcommand implements Callable<Integer> {
    @ParentCommand
    CrictlCommand parent;

    abstract int run(RuntimeClient client) throws Exception;

    PrintStream out() {
        return parent.out;
    }

    PrintStream err() {
        return parent.err;
    }

    @Override
    public Integer call() throws Exception {
        String name = getClass().getAnnotation(Command.class).name();
        try (RuntimeClient client = parent.connect()) {
            return run(client);
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            String why = s.getCode() == Status.Code.UNAVAILABLE && s.getDescription() != null
                    && s.getDescription().contains("io exception")
                    ? "cannot reach the runtime at " + parent.endpoint + " (is `jctld runtime` running?)"
                    : s.getCode() + ": " + s.getDescription();
            err().println("crictl " + name + ": " + why);
            return 1;
        } catch (IllegalArgumentException e) {
            err().println("crictl " + name + ": " + e.getMessage());
            return 1;
        }
    }
}
