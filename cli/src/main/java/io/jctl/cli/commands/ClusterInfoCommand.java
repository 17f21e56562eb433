package io.jctl.cli.commands;

import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;

/** {@code jctl cluster-info}: where the control plane answers (checked with a request). */
@Command(name = "cluster-info", description = "Show where the control plane is.")
public final class ClusterInfoCommand extends JctlCommand {
    @Override
    protected int execute(Session s) {
        s.http().get("/version");
        s.out().println("Kubernetes control plane is running at " + s.context().client().server());
        s.out().println();
        s.out().println("To see every request jctl makes, add -v=6 (or -v=8 for the bodies).");
        return 0;
    }
}
