package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code rollout pause|resume|restart} share (kubectl's pause.go and friends): compute a
 * strategic merge patch per object, send it, print {@code deployment.apps/web <done>}; objects
 * that cannot take the change are reported after the others and make the exit code 1.
 */
abstract class RolloutPatchCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    /** The verb for messages: {@code rollout pause}. */
    abstract String verb();

    /** What kubectl prints after a successful patch: {@code paused}. */
    abstract String done();

    /**
     * The strategic merge patch for this object, or a {@link Refusal} with kubectl's reason
     * ({@code is already paused}); an empty patch means nothing would change.
     */
    abstract String patchFor(ObjectNode obj);

    /** kubectl's message for an object whose patch came out empty. */
    abstract String nothingToDo(NamedObject o);

    /** Why an object cannot take the change; printed as {@code error: deployments.apps "web" <reason>}. */
    static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    @Override
    protected int execute(Session s) {
        List<String> errors = new ArrayList<>();
        for (NamedObject o : NamedObject.resolve(s, args, files, recursive, verb())) {
            ObjectNode obj;
            try {
                obj = o.fetch(s);
            } catch (RuntimeException e) {
                ErrorReporter.report(e, s, s.err());
                errors.add(null);
                continue;
            }
            String patch;
            try {
                patch = patchFor(obj);
            } catch (Refusal r) {
                errors.add("error: " + o.quoted() + " " + r.getMessage());
                continue;
            }
            if (patch.isEmpty() || patch.equals("{}")) {
                String msg = nothingToDo(o);
                if (msg.startsWith("error: ") || msg.startsWith("failed")) {
                    errors.add(msg);
                } else {
                    s.out().println(o.ref() + " " + msg);
                }
                continue;
            }
            try {
                s.http().call("PATCH", o.path(), PatchType.STRATEGIC.contentType(), patch);
            } catch (ApiException e) {
                errors.add("failed to patch: " + e.getMessage());
                continue;
            }
            s.out().println(o.ref() + " " + done());
        }
        s.out().flush();
        errors.stream().filter(e -> e != null).forEach(e -> s.err().println(e.startsWith("error: ") ? e : "error: " + e));
        return errors.isEmpty() ? 0 : 1;
    }
}
