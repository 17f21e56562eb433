package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.RawResponse;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.client.Transport;
import io.jctl.cli.output.KindTable;
import io.jctl.cli.output.Output;
import io.jctl.cli.output.TableOptions;
import io.jctl.cli.output.TablePrinter;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl get}: tables the server lays out (Table responses), or whole objects with
 * {@code -o}; {@code -w} keeps printing changes.
 */
@Command(name = "get", description = "Display one or many resources.")
public final class GetCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE[,TYPE] [NAME...] | TYPE/NAME...")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "wide, yaml, json, name, jsonpath=..., custom-columns=...")
    String output;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. app=web,tier!=db.")
    String selector;

    @Option(names = "--field-selector", paramLabel = "SELECTOR", description = "Field selector, e.g. status.phase=Running.")
    String fieldSelector;

    @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces.")
    boolean allNamespaces;

    @Option(names = "--show-labels", description = "Show all labels as the last column.")
    boolean showLabels;

    @Option(names = {"-L", "--label-columns"}, split = ",", paramLabel = "KEY", description = "A column per label key.")
    List<String> labelColumns = new ArrayList<>();

    @Option(names = "--no-headers", description = "Leave out the header line.")
    boolean noHeaders;

    @Option(names = "--sort-by", paramLabel = "JSONPATH", description = "Sort rows, e.g. .metadata.name.")
    String sortBy;

    @Option(names = {"-w", "--watch"}, description = "After listing, print changes as they happen.")
    boolean watch;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", hidden = true,
            description = "End a watch after this many seconds.")
    Integer watchSeconds;

    @Override
    protected int execute(Session s) {
        boolean table = output == null || output.equals("wide");
        Output objectOutput = table ? null : parseOutput(output, s.cwd());
        List<ResourceArgs.Target> targets = ResourceArgs.parse(args, s.resources(), "get");
        boolean named = targets.stream().anyMatch(t -> !t.names().isEmpty());
        if (named && (selector != null || fieldSelector != null)) {
            throw new CliException("error: a name cannot be given together with a selector (-l or --field-selector)");
        }
        String ns = allNamespaces ? null : s.namespace();
        int failures = 0;
        List<KindTable> tables = new ArrayList<>();
        List<ObjectNode> objects = new ArrayList<>();
        String watchFrom = null;
        for (ResourceArgs.Target t : targets) {
            ApiResource r = t.resource();
            String accept = table ? Transport.TABLE_ACCEPT : Transport.JSON;
            if (t.names().isEmpty()) {
                Queries q = new Queries().add("labelSelector", selector).add("fieldSelector", fieldSelector)
                        .add("includeObject", table && sortBy != null ? "Object" : null);
                ObjectNode list = Lists.all(s.http(), r.ref().collectionPath(r.namespaced() ? ns : null), q, accept);
                watchFrom = list.path("metadata").path("resourceVersion").asText(null);
                if (table) {
                    tables.add(new KindTable(r.kindPrefix(), asTable(list, r)));
                } else {
                    objects.addAll(Lists.items(list, r));
                }
                continue;
            }
            ObjectNode merged = null;
            for (String name : t.names()) {
                String path = r.ref().objectPath(r.namespaced() ? s.namespace() : null, name)
                        + (table && sortBy != null ? "?includeObject=Object" : "");
                RawResponse resp = s.http().send("GET", path, accept, null, null);
                try {
                    resp.throwIfFailed();
                } catch (ApiException e) {
                    ErrorReporter.report(e, s, s.err());
                    failures++;
                    continue;
                }
                ObjectNode o = CliJson.parseObject(resp.body());
                if (table) {
                    o = asTable(o, r);
                    if (merged == null) {
                        merged = o;
                    } else {
                        ArrayNode rows = (ArrayNode) merged.get("rows");
                        o.path("rows").forEach(rows::add);
                    }
                } else {
                    objects.add(Lists.withType(o, r));
                }
            }
            if (merged != null) {
                tables.add(new KindTable(r.kindPrefix(), merged));
            }
        }
        boolean several = targets.size() > 1;
        if (table) {
            boolean any = tables.stream().anyMatch(k -> k.table().path("rows").size() > 0);
            if (!any && failures == 0 && !watch) {
                s.err().println(ns == null || targets.stream().noneMatch(t -> t.resource().namespaced())
                        ? "No resources found" : "No resources found in " + ns + " namespace.");
            } else if (any) {
                List<KindTable> nonEmpty = tables.stream().filter(k -> k.table().path("rows").size() > 0).toList();
                TablePrinter.print(nonEmpty, options(several, allNamespaces, false), s.out());
            }
        } else if (!objects.isEmpty()) {
            // Like kubectl: `get pod NAME` prints the object, every other query a List.
            boolean singleItem = targets.size() == 1 && targets.get(0).names().size() == 1;
            objectOutput.print(objects, singleItem, s.out());
        } else if (failures == 0 && !named && !watch) {
            if (output.equals("json") || output.equals("yaml")) {
                objectOutput.print(List.of(), s.out());
            } else {
                s.err().println(ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
            }
        }
        s.out().flush();
        if (watch) {
            if (targets.size() != 1) {
                throw new CliException("error: watch is only supported on individual resources and resource "
                        + "collections, but " + targets.size() + " resource types were given");
            }
            watch(s, targets.get(0), ns, table, objectOutput, watchFrom);
        }
        return failures == 0 ? 0 : 1;
    }

    private void watch(Session s, ResourceArgs.Target t, String ns, boolean table, Output objectOutput, String from) {
        ApiResource r = t.resource();
        String fields = fieldSelector;
        if (!t.names().isEmpty()) {
            if (t.names().size() > 1) {
                throw new CliException("error: watch is only supported on one name at a time");
            }
            fields = "metadata.name=" + t.names().get(0);
            from = null;
        }
        Queries q = new Queries().add("watch", "true").add("labelSelector", selector).add("fieldSelector", fields)
                .add("resourceVersion", from == null ? "0" : from)
                .add("timeoutSeconds", watchSeconds == null ? null : watchSeconds.toString());
        String path = r.ref().collectionPath(r.namespaced() ? (t.names().isEmpty() ? ns : s.namespace()) : null) + q;
        // The watch asks for Tables; each event carries a one-row Table printed without headers.
        try (BufferedReader lines = s.http().stream(path, table ? Transport.TABLE_ACCEPT : Transport.JSON)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode event = CliJson.parseObject(line);
                String type = event.path("type").asText();
                if (type.equals("BOOKMARK")) {
                    continue;
                }
                if (type.equals("ERROR")) {
                    throw ApiException.fromStatus((ObjectNode) event.path("object"), event.path("object").path("code").asInt(500));
                }
                JsonNode obj = event.path("object");
                if (!(obj instanceof ObjectNode o)) {
                    continue;
                }
                if (table) {
                    ObjectNode row = asTable(o, r);
                    TablePrinter.print(List.of(new KindTable(r.kindPrefix(), row)), options(false, allNamespaces, true), s.out());
                } else {
                    objectOutput.print(List.of(Lists.withType(o, r)), s.out());
                }
                s.out().flush();
            }
        } catch (IOException e) {
            throw new CliException("error: the watch ended: " + e.getMessage());
        }
    }

    private TableOptions options(boolean withKind, boolean withNamespace, boolean headless) {
        return new TableOptions("wide".equals(output), noHeaders || headless, showLabels, labelColumns, withNamespace,
                withKind, sortBy);
    }

    /** A server that answered a Table request with a plain list gets NAME and AGE from metadata. */
    private static ObjectNode asTable(ObjectNode answer, ApiResource r) {
        if ("Table".equals(answer.path("kind").asText())) {
            return answer;
        }
        ObjectNode t = CliJson.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        t.set("metadata", answer.path("metadata").deepCopy());
        ArrayNode cols = t.putArray("columnDefinitions");
        cols.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0);
        ArrayNode rows = t.putArray("rows");
        List<JsonNode> items = new ArrayList<>();
        if (answer.has("items")) {
            answer.path("items").forEach(items::add);
        } else {
            items.add(answer);
        }
        for (JsonNode i : items) {
            ObjectNode row = rows.addObject();
            row.putArray("cells").add(i.path("metadata").path("name").asText());
            ObjectNode meta = row.putObject("object");
            meta.put("kind", "PartialObjectMetadata");
            meta.set("metadata", i.path("metadata"));
        }
        return t;
    }

    private static Output parseOutput(String spec, java.nio.file.Path cwd) {
        try {
            return Output.parse(spec, cwd);
        } catch (IllegalArgumentException e) {
            throw new CliException("error: " + e.getMessage());
        }
    }
}
