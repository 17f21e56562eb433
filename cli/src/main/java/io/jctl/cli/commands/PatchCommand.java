package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.json.Json;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code jctl patch TYPE NAME -p PATCH [--type strategic|merge|json]}: the patch may be JSON or YAML. */
@Command(name = "patch", description = "Patch an object (strategic merge, JSON merge or JSON patch).")
public final class PatchCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-p", "--patch"}, required = true, paramLabel = "PATCH")
    String patch;

    @Option(names = "--type", defaultValue = "strategic", paramLabel = "strategic|merge|json")
    String type;

    @Option(names = "--subresource", paramLabel = "status|scale")
    String subresource;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Override
    protected int execute(Session s) {
        PatchType pt = switch (type) {
            case "strategic" -> PatchType.STRATEGIC;
            case "merge" -> PatchType.MERGE;
            case "json" -> PatchType.JSON;
            default -> throw new CliException("error: --type must be one of [json merge strategic], not \"" + type + "\"");
        };
        String body = normalize(patch);
        DryRun mode = DryRun.parse(dryRun);
        for (ResourceArgs.Target t : ResourceArgs.parse(args, s.resources(), "patch")) {
            ApiResource r = t.resource();
            if (t.names().isEmpty()) {
                throw new CliException("error: give the NAME of the " + r.kind() + " to patch");
            }
            for (String name : t.names()) {
                String ns = r.namespaced() ? s.namespace() : null;
                String path = r.ref().subresourcePath(ns, name, subresource);
                ObjectNode before = s.http().get(path);
                ObjectNode after = mode == DryRun.CLIENT ? before
                        : s.http().call("PATCH", path + mode.query(true), pt.contentType(), body);
                boolean changed = mode != DryRun.NONE || !before.path("metadata").path("resourceVersion")
                        .equals(after.path("metadata").path("resourceVersion"));
                s.out().println(r.kindPrefix() + "/" + name + " patched" + (changed ? "" : " (no change)") + mode.suffix());
            }
        }
        return 0;
    }

    /** kubectl accepts YAML patches too; the server gets JSON. */
    private static String normalize(String text) {
        try {
            JsonNode n = CliJson.mapper().readTree(text);
            return CliJson.write(n);
        } catch (IOException notJson) {
            try {
                JsonNode n = Json.yaml().readTree(text);
                if (n == null || !(n.isObject() || n.isArray())) {
                    throw new CliException("error: the patch must be a JSON or YAML object (or a JSON patch array)");
                }
                return CliJson.write(n);
            } catch (IOException e) {
                throw new CliException("error: unable to parse \"" + text + "\": " + e.getMessage().split("\n")[0]);
            }
        }
    }
}
