package io.jctl.cli.commands;

import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.resources.ApiResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code jctl api-resources}: the resource types the server serves (always read fresh). */
@Command(name = "api-resources", description = "List the resource types the server serves.")
public final class ApiResourcesCommand extends JctlCommand {
    @Option(names = "--namespaced", arity = "1", paramLabel = "true|false", description = "Only namespaced (or only cluster-scoped) types.")
    Boolean namespaced;

    @Option(names = "--api-group", paramLabel = "GROUP", description = "Only this group (\"\" is the core group).")
    String apiGroup;

    @Option(names = {"-o", "--output"}, paramLabel = "wide|name")
    String output;

    @Option(names = "--no-headers")
    boolean noHeaders;

    @Override
    protected int execute(Session s) {
        s.resources().refresh();
        List<ApiResource> list = new ArrayList<>(s.resources().all());
        list.removeIf(r -> (namespaced != null && r.namespaced() != namespaced)
                || (apiGroup != null && !r.group().equals(apiGroup)));
        list.sort(Comparator.comparing(ApiResource::group).thenComparing(ApiResource::name));
        if ("name".equals(output)) {
            list.forEach(r -> s.out().println(r.qualifiedName()));
            return 0;
        }
        boolean wide = "wide".equals(output);
        List<String[]> rows = new ArrayList<>();
        if (!noHeaders) {
            rows.add(wide ? new String[]{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"}
                    : new String[]{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"});
        }
        for (ApiResource r : list) {
            String[] base = {r.name(), String.join(",", r.shortNames()), r.apiVersion(), Boolean.toString(r.namespaced()),
                    r.kind()};
            if (wide) {
                rows.add(new String[]{base[0], base[1], base[2], base[3], base[4], "[" + String.join(" ", r.verbs()) + "]",
                        String.join(",", r.categories())});
            } else {
                rows.add(base);
            }
        }
        TextColumns.print(rows, s.out());
        return 0;
    }
}
