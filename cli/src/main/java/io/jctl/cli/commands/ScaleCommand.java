package io.jctl.cli.commands;

import io.jctl.api.client.PatchType;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl scale TYPE NAME --replicas=N}: a merge patch on the scale subresource, as kubectl sends. */
@Command(name = "scale", description = "Set the replica count of a deployment or replica set.")
public final class ScaleCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = "--replicas", required = true)
    int replicas;

    @Override
    protected int execute(Session s) {
        if (replicas < 0) {
            throw new CliException("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        }
        for (ResourceArgs.Target t : ResourceArgs.parse(args, s.resources(), "scale")) {
            ApiResource r = t.resource();
            if (t.names().isEmpty()) {
                throw new CliException("error: give the NAME of the " + r.kind() + " to scale");
            }
            for (String name : t.names()) {
                String path = r.ref().subresourcePath(r.namespaced() ? s.namespace() : null, name, "scale");
                s.http().call("PATCH", path, PatchType.MERGE.contentType(), "{\"spec\":{\"replicas\":" + replicas + "}}");
                s.out().println(r.kindPrefix() + "/" + name + " scaled");
            }
        }
        return 0;
    }
}
