package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.rollout.DeploymentHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl rollout history deploy/web [--revision=N]}: the revisions of a Deployment with their
 * change causes, or the pod template of one revision, printed as kubectl prints them.
 */
@Command(name = "history", description = "Show the revisions of a deployment, or one revision's pod template.")
public final class RolloutHistoryCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = "--revision", defaultValue = "0", description = "Show the pod template of this revision.")
    long revision;

    @Override
    protected int execute(Session s) {
        int failures = 0;
        for (NamedObject o : NamedObject.resolve(s, args, files, recursive, "rollout history")) {
            try {
                ObjectNode obj = o.fetch(s);
                if (!"Deployment".equals(o.resource().kind())) {
                    throw new CliException("error: no history viewer has been implemented for " + o.groupKind());
                }
                String history = DeploymentHistory.of(OwnedReplicaSets.of(s, obj)).view(revision);
                String withRevision = revision > 0 ? "with revision #" + revision : "";
                s.out().print(o.ref() + " " + withRevision + "\n" + history + "\n");
            } catch (RuntimeException e) {
                ErrorReporter.report(e, s, s.err());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
