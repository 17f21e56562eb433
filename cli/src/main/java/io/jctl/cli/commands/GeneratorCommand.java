package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.output.Output;
import io.jctl.cli.resources.ApiResource;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Commands that build one object from flags ({@code create deployment}, {@code run}, …):
 * {@code --dry-run} and {@code -o} (so {@code --dry-run=client -o yaml} prints a manifest).
 */
abstract class GeneratorCommand extends JctlCommand {
    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json, name, ...: print the object.")
    String output;

    @Option(names = "--save-config", description = "Record the object as last applied, for later `apply`.")
    boolean saveConfig;

    /** The object to create. */
    protected abstract ObjectNode build(Session s);

    @Override
    protected final int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        Output out = null;
        if (output != null) {
            try {
                out = Output.parse(output, s.cwd());
            } catch (IllegalArgumentException e) {
                throw new CliException("error: " + e.getMessage());
            }
        }
        ObjectNode obj = build(s);
        ApiResource r = s.resources().forKind(obj.path("apiVersion").asText(), obj.path("kind").asText());
        String ns = null;
        if (r.namespaced()) {
            ns = s.namespace();
            ((ObjectNode) obj.get("metadata")).put("namespace", ns);
        }
        if (saveConfig) {
            obj = io.jctl.cli.apply.Applier.withLastApplied(obj);
        }
        ObjectNode created = Writes.create(s, r, ns, obj, mode);
        if (out != null) {
            out.print(List.of(Lists.withType(created, r)), s.out());
        } else {
            s.out().println(r.kindPrefix() + "/" + created.path("metadata").path("name").asText() + " created"
                    + mode.suffix());
        }
        return 0;
    }

    static ObjectNode newObject(String apiVersion, String kind, String name) {
        ObjectNode o = io.jctl.cli.CliJson.object();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }
}
