package io.jctl.cli.commands;

import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.Applier;
import io.jctl.cli.apply.ApplyOutcome;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.manifests.Manifest;
import io.jctl.cli.manifests.ManifestNamespaces;
import io.jctl.cli.manifests.ManifestReader;
import io.jctl.cli.resources.ApiResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl apply -f FILE|DIR|- [-R] [--dry-run=client|server]}: kubectl's client-side apply.
 * Every object is tried; failures are reported one by one and make the exit code 1.
 */
@Command(name = "apply", description = "Create or update objects from files, keeping what others set.")
public final class ApplyCommand extends JctlCommand {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-", description = "Manifests to apply.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"}, description = "Read directories recursively.")
    boolean recursive;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "name", description = "name: print only kind/name.")
    String output;

    @Override
    protected int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        List<Manifest> manifests = ManifestReader.read(files, recursive, s.in(), s.cwd());
        Applier applier = new Applier(s.http(), mode);
        int failures = 0;
        for (Manifest m : manifests) {
            try {
                ApiResource r = s.resources().forKind(m.apiVersion(), m.kind());
                String ns = ManifestNamespaces.resolve(m, r.namespaced(), s.options().namespace(), s.namespace());
                ApplyOutcome outcome = applier.apply(r, ns, m.object());
                String ref = r.kindPrefix() + "/" + m.name();
                s.out().println("name".equals(output) ? ref : ref + " " + outcome.word() + mode.suffix());
            } catch (RuntimeException e) {
                failures++;
                ErrorReporter.report(e, s, s.err(), "error when applying \"" + m.source() + "\" (document "
                        + m.document() + ")");
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
