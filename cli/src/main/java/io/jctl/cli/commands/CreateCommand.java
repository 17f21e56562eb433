package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.Applier;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.manifests.Manifest;
import io.jctl.cli.manifests.ManifestNamespaces;
import io.jctl.cli.manifests.ManifestReader;
import io.jctl.cli.resources.ApiResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl create -f …}, and the generators {@code create namespace|deployment|configmap|secret}. */
@Command(name = "create", description = "Create objects from files, or from flags with a subcommand.",
        subcommands = {CreateNamespaceCommand.class, CreateDeploymentCommand.class, CreateConfigMapCommand.class,
                CreateSecretCommand.class})
public final class CreateCommand extends JctlCommand {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Option(names = "--save-config", description = "Record the object as last applied, for later `apply`.")
    boolean saveConfig;

    @Override
    protected int execute(Session s) {
        if (files.isEmpty()) {
            throw new CliException("error: must specify one of -f, or a subcommand (namespace, deployment, configmap, "
                    + "secret generic)\nSee 'jctl create --help' for usage.");
        }
        DryRun mode = DryRun.parse(dryRun);
        int failures = 0;
        for (Manifest m : ManifestReader.read(files, recursive, s.in(), s.cwd())) {
            try {
                ApiResource r = s.resources().forKind(m.apiVersion(), m.kind());
                String ns = ManifestNamespaces.resolve(m, r.namespaced(), s.options().namespace(), s.namespace());
                ObjectNode body = saveConfig ? Applier.withLastApplied(m.object()) : m.object();
                ObjectNode created = Writes.create(s, r, ns, body, mode);
                s.out().println(r.kindPrefix() + "/" + created.path("metadata").path("name").asText() + " created"
                        + mode.suffix());
            } catch (RuntimeException e) {
                failures++;
                ErrorReporter.report(e, s, s.err(), "error when creating \"" + m.source() + "\" (document "
                        + m.document() + ")");
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
