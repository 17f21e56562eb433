package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.RawResponse;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.client.Transport;
import io.jctl.cli.describe.Describers;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl describe TYPE [NAME_PREFIX] [-l SEL]}: kubectl's describe layout with related
 * objects and Events. A name that matches no object exactly describes the objects it prefixes.
 */
@Command(name = "describe", description = "Show details of objects, with related objects and events.")
public final class DescribeCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE [NAME_PREFIX] | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR")
    String selector;

    @Option(names = {"-A", "--all-namespaces"})
    boolean allNamespaces;

    @Override
    protected int execute(Session s) {
        List<ObjectNode> objects = new ArrayList<>();
        for (ResourceArgs.Target t : ResourceArgs.parse(args, s.resources(), "describe")) {
            ApiResource r = t.resource();
            String ns = r.namespaced() ? s.namespace() : null;
            if (t.names().isEmpty()) {
                ObjectNode list = Lists.all(s.http(), r.ref().collectionPath(allNamespaces ? null : ns),
                        new Queries().add("labelSelector", selector), Transport.JSON);
                objects.addAll(Lists.items(list, r));
                continue;
            }
            for (String name : t.names()) {
                RawResponse got = s.http().send("GET", r.ref().objectPath(ns, name), Transport.JSON, null, null);
                if (got.status() == 404) {
                    List<ObjectNode> prefixed = Lists.items(Lists.all(s.http(), r.ref().collectionPath(ns), new Queries(),
                            Transport.JSON), r).stream()
                            .filter(o -> o.path("metadata").path("name").asText().startsWith(name)).toList();
                    if (prefixed.isEmpty()) {
                        got.throwIfFailed();
                    }
                    objects.addAll(prefixed);
                    continue;
                }
                objects.add(Lists.withType(CliJson.parseObject(got.throwIfFailed().body()), r));
            }
        }
        if (objects.isEmpty()) {
            s.err().println("No resources found in " + s.namespace() + " namespace.");
            return 0;
        }
        ApiDescribeSource source = new ApiDescribeSource(s);
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                s.out().println();
                s.out().println();
            }
            String text = Describers.describe(objects.get(i), source);
            s.out().print(text.endsWith("\n") ? text : text + "\n");
        }
        return 0;
    }

}
