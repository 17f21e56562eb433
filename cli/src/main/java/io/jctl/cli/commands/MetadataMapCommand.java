package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code label} and {@code annotate}: {@code TYPE NAME... KEY=VALUE... KEY-...}, as a merge patch of
 * {@code metadata.labels} or {@code metadata.annotations}. Changing a value needs {@code --overwrite}.
 */
abstract class MetadataMapCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME... KEY=VALUE... KEY-...")
    List<String> args = new ArrayList<>();

    @Option(names = "--overwrite", description = "Allow changing existing values.")
    boolean overwrite;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR")
    String selector;

    @Option(names = "--all", description = "Every object of the type in the namespace.")
    boolean all;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    /** {@code labels} or {@code annotations}. */
    protected abstract String field();

    /** {@code labeled} or {@code annotated}. */
    protected abstract String done();

    /** What kubectl prints when only removals happened ({@code unlabeled}). */
    protected abstract String removed();

    @Override
    protected int execute(Session s) {
        List<String> resourceArgs = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                set.put(a.substring(0, eq), a.substring(eq + 1));
            } else if (a.endsWith("-") && a.length() > 1 && !a.contains("/")) {
                remove.add(a.substring(0, a.length() - 1));
            } else if (set.isEmpty() && remove.isEmpty()) {
                resourceArgs.add(a);
            } else {
                throw new CliException("error: all resources must be given before " + field() + " changes, got \"" + a + "\"");
            }
        }
        if (set.isEmpty() && remove.isEmpty()) {
            throw new CliException("error: at least one " + field().substring(0, field().length() - 1)
                    + " update is required (KEY=VALUE or KEY-)");
        }
        DryRun mode = DryRun.parse(dryRun);
        int failures = 0;
        for (ObjectNode current : targets(s, resourceArgs)) {
            ApiResource r = s.resources().forKind(current.path("apiVersion").asText(), current.path("kind").asText());
            String name = current.path("metadata").path("name").asText();
            String ref = r.kindPrefix() + "/" + name;
            try {
                JsonNode existing = current.path("metadata").path(field());
                ObjectNode changes = CliJson.object();
                for (Map.Entry<String, String> e : set.entrySet()) {
                    JsonNode old = existing.get(e.getKey());
                    if (old != null && !old.asText().equals(e.getValue()) && !overwrite) {
                        throw new CliException("error: '" + e.getKey() + "' already has a value (" + old.asText()
                                + "), and --overwrite is false");
                    }
                    if (old == null || !old.asText().equals(e.getValue())) {
                        changes.put(e.getKey(), e.getValue());
                    }
                }
                boolean removals = false;
                for (String k : remove) {
                    if (existing.has(k)) {
                        changes.putNull(k);
                        removals = true;
                    }
                }
                if (changes.isEmpty()) {
                    s.out().println(ref + " not " + done());
                    continue;
                }
                ObjectNode patch = CliJson.object();
                patch.putObject("metadata").set(field(), changes);
                String ns = r.namespaced() ? current.path("metadata").path("namespace").asText() : null;
                Writes.patch(s, r, ns, name, PatchType.MERGE.contentType(), CliJson.write(patch), mode);
                boolean onlyRemovals = removals && changes.size() == remove.stream().filter(existing::has).count();
                s.out().println(ref + " " + (onlyRemovals ? removed() : done()) + mode.suffix());
            } catch (RuntimeException e) {
                failures++;
                ErrorReporter.report(e, s, s.err());
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private List<ObjectNode> targets(Session s, List<String> resourceArgs) {
        List<ObjectNode> out = new ArrayList<>();
        for (ResourceArgs.Target t : ResourceArgs.parse(resourceArgs, s.resources(), field().equals("labels") ? "label" : "annotate")) {
            ApiResource r = t.resource();
            String ns = r.namespaced() ? s.namespace() : null;
            if (t.names().isEmpty()) {
                if (selector == null && !all) {
                    throw new CliException("error: resource(s) were provided, but no name was specified.\n"
                            + "Give NAMEs, -l SELECTOR or --all.");
                }
                ObjectNode list = Lists.all(s.http(), r.ref().collectionPath(ns), new Queries().add("labelSelector", selector),
                        Transport.JSON);
                out.addAll(Lists.items(list, r));
            } else {
                for (String n : t.names()) {
                    out.add(Lists.withType(s.http().get(r.ref().objectPath(ns, n)), r));
                }
            }
        }
        return out;
    }
}
