package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.CliException;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.describe.PodTemplateText;
import io.jctl.cli.rollout.DeploymentRollback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl rollout undo deploy/web [--to-revision=N]}: as kubectl, puts the pod template of
 * an earlier ReplicaSet (default: the previous revision) back on the Deployment with one JSON
 * patch; the controller then rolls it out as a new revision.
 */
@Command(name = "undo", description = "Roll a deployment back to an earlier revision.")
public final class RolloutUndoCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = "--to-revision", defaultValue = "0", description = "The revision to go back to (0: the previous one).")
    long toRevision;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Override
    protected int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        int failures = 0;
        for (NamedObject o : NamedObject.resolve(s, args, files, recursive, "rollout undo")) {
            try {
                s.out().println(o.ref() + " " + undo(s, o, mode) + mode.suffix());
            } catch (RuntimeException e) {
                ErrorReporter.report(e, s, s.err());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** kubectl's {@code DeploymentRollbacker.Rollback}; returns what the name printer appends. */
    private String undo(Session s, NamedObject o, DryRun mode) {
        ObjectNode deployment = o.fetch(s);
        if (!"Deployment".equals(o.resource().kind())) {
            throw new CliException("error: no rollbacker has been implemented for \"" + o.groupKind() + "\"");
        }
        DeploymentRollback.Plan plan = DeploymentRollback.plan(deployment, OwnedReplicaSets.of(s, deployment), toRevision);
        if (mode == DryRun.CLIENT) {
            return PodTemplateText.of(plan.replicaSet().path("spec").path("template"));
        }
        if (deployment.path("spec").path("paused").asBoolean(false)) {
            throw new CliException("error: you cannot rollback a paused deployment; resume it first with "
                    + "'jctl rollout resume' and try again");
        }
        if (plan.skip()) {
            return plan.skipped();
        }
        try {
            s.http().call("PATCH", o.path() + mode.query(true), PatchType.JSON.contentType(), plan.patch());
        } catch (ApiException e) {
            throw new CliException("error: failed restoring revision " + toRevision + ": " + e.getMessage(), e);
        }
        return "rolled back";
    }
}
