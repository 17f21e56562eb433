package io.jctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Base of every command: finds the invocation's {@link Session} on the root command. */
public abstract class JctlCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected Session session() {
        return ((Jctl) spec.root().userObject()).session();
    }

    @Override
    public final Integer call() {
        return execute(session());
    }

    /** Runs the command; the exit code (0 unless something failed without an exception). */
    protected abstract int execute(Session s);
}
