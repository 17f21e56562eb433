package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.RawResponse;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.client.Transport;
import io.jctl.cli.manifests.Manifest;
import io.jctl.cli.manifests.ManifestNamespaces;
import io.jctl.cli.manifests.ManifestReader;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jctl delete (-f FILE | TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all)}: deletes with
 * a propagation policy, then (with {@code --wait}, the default) waits until the objects are gone.
 */
@Command(name = "delete", description = "Delete objects by file, name or selector.")
public final class DeleteCommand extends JctlCommand {
    private record Doomed(ApiResource resource, String namespace, String name) {
        String path() {
            return resource.ref().objectPath(namespace, name);
        }
    }

    @Parameters(paramLabel = "TYPE[,TYPE] [NAME...] | TYPE/NAME...")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR")
    String selector;

    @Option(names = "--all", description = "Delete every object of the type(s) in the namespace.")
    boolean all;

    @Option(names = {"-A", "--all-namespaces"})
    boolean allNamespaces;

    @Option(names = "--grace-period", defaultValue = "-1", paramLabel = "SECONDS",
            description = "Seconds the object gets to stop (-1: its own default).")
    int gracePeriod;

    @Option(names = "--now", description = "Same as --grace-period=1.")
    boolean now;

    @Option(names = "--wait", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Wait until the objects are gone (default true).")
    boolean waitGone;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long --wait waits.")
    int timeoutSeconds;

    @Option(names = "--cascade", arity = "0..1", defaultValue = "background", fallbackValue = "background",
            paramLabel = "background|foreground|orphan")
    String cascade;

    @Option(names = "--ignore-not-found", description = "A missing object is not an error.")
    boolean ignoreNotFound;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Override
    protected int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        String body = deleteOptions(mode);
        List<Doomed> doomed = targets(s);
        List<Doomed> deleted = new ArrayList<>();
        int failures = 0;
        for (Doomed d : doomed) {
            String ref = d.resource().kindPrefix() + " \"" + d.name() + "\"";
            if (mode == DryRun.CLIENT) {
                s.out().println(ref + " deleted" + mode.suffix());
                continue;
            }
            RawResponse r = s.http().send("DELETE", d.path(), Transport.JSON, Transport.JSON,
                    body.getBytes(StandardCharsets.UTF_8));
            if (r.status() == 404 && ignoreNotFound) {
                continue;
            }
            try {
                r.throwIfFailed();
            } catch (RuntimeException e) {
                failures++;
                ErrorReporter.report(e, s, s.err());
                continue;
            }
            s.out().println(ref + " deleted" + mode.suffix());
            deleted.add(d);
        }
        s.out().flush();
        if (waitGone && mode == DryRun.NONE) {
            failures += waitUntilGone(s, deleted);
        }
        return failures == 0 ? 0 : 1;
    }

    private List<Doomed> targets(Session s) {
        List<Doomed> out = new ArrayList<>();
        if (!files.isEmpty()) {
            if (!args.isEmpty() || selector != null || all) {
                throw new CliException("error: give either -f or resource arguments, not both");
            }
            for (Manifest m : ManifestReader.read(files, recursive, s.in(), s.cwd())) {
                ApiResource r = s.resources().forKind(m.apiVersion(), m.kind());
                String ns = ManifestNamespaces.resolve(m, r.namespaced(), s.options().namespace(), s.namespace());
                if (m.name() == null) {
                    throw new CliException("error: " + m.where() + " has no metadata.name to delete");
                }
                out.add(new Doomed(r, ns, m.name()));
            }
            return out;
        }
        List<ResourceArgs.Target> targets = ResourceArgs.parse(args, s.resources(), "delete");
        for (ResourceArgs.Target t : targets) {
            ApiResource r = t.resource();
            String ns = r.namespaced() ? s.namespace() : null;
            if (!t.names().isEmpty()) {
                if (selector != null || all) {
                    throw new CliException("error: names cannot be given together with -l or --all");
                }
                t.names().forEach(n -> out.add(new Doomed(r, ns, n)));
                continue;
            }
            if (selector == null && !all) {
                throw new CliException("error: resource(s) were provided, but no name was specified.\n"
                        + "Give NAMEs, -l SELECTOR or --all.");
            }
            String listNs = r.namespaced() && !allNamespaces ? ns : null;
            ObjectNode list = Lists.all(s.http(), r.ref().collectionPath(listNs),
                    new Queries().add("labelSelector", selector), Transport.JSON);
            for (ObjectNode o : Lists.items(list, r)) {
                out.add(new Doomed(r, r.namespaced() ? o.path("metadata").path("namespace").asText() : null,
                        o.path("metadata").path("name").asText()));
            }
        }
        if (out.isEmpty() && (selector != null || all)) {
            s.err().println("No resources found");
        }
        return out;
    }

    private String deleteOptions(DryRun mode) {
        ObjectNode o = CliJson.object();
        o.put("kind", "DeleteOptions");
        o.put("apiVersion", "v1");
        String policy = switch (cascade.toLowerCase(Locale.ROOT)) {
            case "background", "true" -> "Background";
            case "foreground" -> "Foreground";
            case "orphan", "false" -> "Orphan";
            default -> throw new CliException("error: invalid cascade value (" + cascade
                    + "). Must be \"background\", \"foreground\", or \"orphan\".");
        };
        o.put("propagationPolicy", policy);
        int grace = now ? 1 : gracePeriod;
        if (grace >= 0) {
            o.put("gracePeriodSeconds", grace);
        }
        if (mode == DryRun.SERVER) {
            o.putArray("dryRun").add("All");
        }
        return CliJson.write(o);
    }

    /** Polls each object until a GET answers 404; returns how many did not go away in time. */
    private int waitUntilGone(Session s, List<Doomed> deleted) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int stuck = 0;
        for (Doomed d : deleted) {
            long sleep = 50;
            while (true) {
                RawResponse r = s.http().send("GET", d.path(), Transport.JSON, null, null);
                if (r.status() == 404) {
                    break;
                }
                r.throwIfFailed();
                if (System.nanoTime() > deadline) {
                    s.err().println("error: timed out waiting for " + d.resource().qualifiedName() + " \"" + d.name()
                            + "\" to be deleted (it may have finalizers).\nCheck it with `jctl get "
                            + d.resource().qualifiedName() + " " + d.name() + " -o yaml`, or pass --wait=false.");
                    stuck++;
                    break;
                }
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stuck + 1;
                }
                sleep = Math.min(sleep * 2, 1000);
            }
        }
        return stuck;
    }
}
