package io.jctl.cli.resources;

import io.jctl.cli.CliException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource arguments kubectl commands take: {@code TYPE[,TYPE] [NAME...]} or
 * {@code TYPE/NAME...}, grouped by resource type in the order given.
 */
public final class ResourceArgs {
    /** One resource type and the names given for it (empty: every object). */
    public record Target(ApiResource resource, List<String> names) {
    }

    private ResourceArgs() {
    }

    public static List<Target> parse(List<String> args, ApiResources resources, String verb) {
        if (args.isEmpty()) {
            throw new CliException("error: You must specify the type of resource to " + verb
                    + ".\nSee `jctl api-resources` for the types the server has.");
        }
        if (args.get(0).contains("/")) {
            Map<ApiResource, List<String>> byType = new LinkedHashMap<>();
            for (String a : args) {
                int slash = a.indexOf('/');
                if (slash <= 0 || slash == a.length() - 1) {
                    throw new CliException("error: arguments in resource/name form must have a single resource and "
                            + "name, got \"" + a + "\"");
                }
                byType.computeIfAbsent(resources.resolve(a.substring(0, slash)), k -> new ArrayList<>())
                        .add(a.substring(slash + 1));
            }
            List<Target> out = new ArrayList<>();
            byType.forEach((r, names) -> out.add(new Target(r, names)));
            return out;
        }
        List<ApiResource> types = resources.resolveList(args.get(0));
        List<String> names = args.subList(1, args.size());
        for (String n : names) {
            if (n.contains("/")) {
                throw new CliException("error: there is no need to specify a resource type as a separate argument "
                        + "when passing arguments in resource/name form (e.g. 'jctl " + verb + " " + n + "')");
            }
        }
        if (!names.isEmpty() && types.size() > 1) {
            throw new CliException("error: names can be given for one resource type only; use TYPE/NAME for several");
        }
        List<Target> out = new ArrayList<>();
        for (ApiResource r : types) {
            out.add(new Target(r, List.copyOf(names)));
        }
        return out;
    }
}
