package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.Session;
import io.jctl.cli.manifests.Manifest;
import io.jctl.cli.manifests.ManifestNamespaces;
import io.jctl.cli.manifests.ManifestReader;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;

import java.util.ArrayList;
import java.util.List;

/** One object a command names, by {@code TYPE NAME}, {@code TYPE/NAME} or a manifest. */
record NamedObject(ApiResource resource, String namespace, String name) {

    String path() {
        return resource.ref().objectPath(namespace, name);
    }

    /** {@code deployment.apps/web}: how kubectl's name printer shows it. */
    String ref() {
        return resource.kindPrefix() + "/" + name;
    }

    /** {@code deployments.apps "web"}: how kubectl's errors name it. */
    String quoted() {
        return resource.qualifiedName() + " \"" + name + "\"";
    }

    /** {@code Deployment.apps}: a Go GroupKind's String(). */
    String groupKind() {
        return resource.group().isEmpty() ? resource.kind() : resource.kind() + "." + resource.group();
    }

    ObjectNode fetch(Session s) {
        return s.http().get(path());
    }

    static List<NamedObject> resolve(Session s, List<String> args, List<String> files, boolean recursive, String verb) {
        List<NamedObject> out = new ArrayList<>();
        if (!files.isEmpty()) {
            for (Manifest m : ManifestReader.read(files, recursive, s.in(), s.cwd())) {
                ApiResource r = s.resources().forKind(m.apiVersion(), m.kind());
                String ns = ManifestNamespaces.resolve(m, r.namespaced(), s.options().namespace(), s.namespace());
                out.add(new NamedObject(r, ns, m.name()));
            }
        }
        if (args.isEmpty()) {
            if (out.isEmpty()) {
                throw new CliException("error: You must provide one or more resources by argument or filename.\n"
                        + "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                        + "   '<resource> <name>'\n   '<resource>'");
            }
            return out;
        }
        for (ResourceArgs.Target t : ResourceArgs.parse(args, s.resources(), verb)) {
            ApiResource r = t.resource();
            if (t.names().isEmpty()) {
                throw new CliException("error: give the NAME of the " + r.kind() + " to " + verb
                        + " (e.g. 'jctl " + verb + " " + r.name() + "/NAME')");
            }
            for (String n : t.names()) {
                out.add(new NamedObject(r, r.namespaced() ? s.namespace() : null, n));
            }
        }
        return out;
    }
}
