package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.ErrorReporter;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jctl set image deploy/web web=busybox:1.36 [NAME=IMAGE…]}: changes container images in a
 * pod template (or a Pod) with the strategic merge patch kubectl sends; {@code *=IMAGE} sets
 * every container. Objects whose images already match are left alone and not printed.
 */
@Command(name = "image", description = "Change the image of containers in pod templates or pods.")
public final class SetImageCommand extends JctlCommand {
    private static final String[] LISTS = {"initContainers", "containers"};

    @Parameters(paramLabel = "(TYPE NAME | TYPE/NAME) CONTAINER=IMAGE...")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = "--all", description = "Every object of the given type(s) in the namespace.")
    boolean all;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR")
    String selector;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client|server")
    String dryRun;

    @Override
    protected int execute(Session s) {
        DryRun mode = DryRun.parse(dryRun);
        List<String> resources = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                if (!images.isEmpty()) {
                    throw new CliException("error: all resources must be specified before image changes: " + a);
                }
                resources.add(a);
            } else {
                if (eq == 0 || eq == a.length() - 1) {
                    throw new CliException("error: invalid image format: " + a);
                }
                images.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        if (resources.isEmpty() && files.isEmpty()) {
            throw new CliException("error: You must provide one or more resources by argument or filename.\n"
                    + "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                    + "   '<resource> <name>'\n   '<resource>'");
        }
        if (images.isEmpty()) {
            throw new CliException("error: at least one image update is required");
        }
        List<String> errors = new ArrayList<>();
        for (NamedObject o : targets(s, resources)) {
            ObjectNode obj;
            try {
                obj = o.fetch(s);
            } catch (RuntimeException e) {
                ErrorReporter.report(e, s, s.err());
                errors.add(null);
                continue;
            }
            String pointer = podSpecPointer(obj.path("kind").asText());
            if (pointer == null) {
                errors.add("error: " + o.ref() + " " + o.resource().kind() + " has no pod template to set images in");
                continue;
            }
            ObjectNode patch = patch(obj.at(pointer), pointer, images, errors);
            if (patch == null) {
                continue;
            }
            if (mode == DryRun.CLIENT) {
                s.out().println(o.ref() + " image updated" + mode.suffix());
                continue;
            }
            try {
                s.http().call("PATCH", o.path() + mode.query(true), PatchType.STRATEGIC.contentType(), CliJson.write(patch));
            } catch (ApiException e) {
                errors.add("failed to patch image update to pod template: " + e.getMessage());
                continue;
            }
            s.out().println(o.ref() + " image updated" + mode.suffix());
        }
        s.out().flush();
        errors.stream().filter(e -> e != null).forEach(s.err()::println);
        return errors.isEmpty() ? 0 : 1;
    }

    private List<NamedObject> targets(Session s, List<String> resources) {
        if (!all && selector == null) {
            return NamedObject.resolve(s, resources, files, recursive, "set image");
        }
        List<NamedObject> out = new ArrayList<>();
        for (ResourceArgs.Target t : ResourceArgs.parse(resources, s.resources(), "set image")) {
            ApiResource r = t.resource();
            String ns = r.namespaced() ? s.namespace() : null;
            ObjectNode list = Lists.all(s.http(), r.ref().collectionPath(ns), new Queries().add("labelSelector", selector),
                    Transport.JSON);
            for (ObjectNode item : Lists.items(list, r)) {
                out.add(new NamedObject(r, ns, item.path("metadata").path("name").asText()));
            }
        }
        return out;
    }

    /** Where the pod spec sits in an object of this kind (kubectl's {@code UpdatePodSpecForObject}). */
    static String podSpecPointer(String kind) {
        return switch (kind) {
            case "Pod" -> "/spec";
            case "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController", "PodTemplate" ->
                    kind.equals("PodTemplate") ? "/template/spec" : "/spec/template/spec";
            case "CronJob" -> "/spec/jobTemplate/spec/template/spec";
            default -> null;
        };
    }

    /**
     * The strategic merge patch that sets the images (what kubectl's two-way merge of the old and
     * new object gives: the changed containers by name, plus their order), or null when nothing changes.
     */
    static ObjectNode patch(JsonNode podSpec, String pointer, Map<String, String> images, List<String> errors) {
        ObjectNode specPatch = CliJson.object();
        Map<String, Boolean> found = new LinkedHashMap<>();
        images.keySet().forEach(k -> found.put(k, false));
        for (String list : LISTS) {
            ArrayNode changed = CliJson.mapper().createArrayNode();
            ArrayNode order = CliJson.mapper().createArrayNode();
            for (JsonNode c : podSpec.path(list)) {
                String name = c.path("name").asText();
                order.addObject().put("name", name);
                String image = images.containsKey("*") ? images.get("*") : images.get(name);
                if (images.containsKey(name)) {
                    found.put(name, true);
                }
                if (images.containsKey("*")) {
                    found.put("*", true);
                }
                if (image != null && !image.equals(c.path("image").asText())) {
                    changed.addObject().put("image", image).put("name", name);
                }
            }
            if (!changed.isEmpty()) {
                specPatch.set("$setElementOrder/" + list, order);
                specPatch.set(list, changed);
            }
        }
        found.forEach((name, ok) -> {
            if (!ok) {
                errors.add("error: unable to find container named \"" + name + "\"");
            }
        });
        if (specPatch.isEmpty()) {
            return null;
        }
        ObjectNode patch = CliJson.object();
        patch.withObject(pointer).setAll(specPatch);
        return patch;
    }
}
