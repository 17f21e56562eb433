package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliJson;
import io.jctl.cli.Session;
import io.jctl.cli.apply.DryRun;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;

/** The writes several commands share. */
final class Writes {
    private Writes() {
    }

    /** POSTs {@code obj} (or, for a client dry run, returns it unsent). */
    static ObjectNode create(Session s, ApiResource r, String namespace, ObjectNode obj, DryRun mode) {
        if (mode == DryRun.CLIENT) {
            return obj;
        }
        return s.http().call("POST", r.ref().collectionPath(namespace) + mode.query(true), Transport.JSON,
                CliJson.write(obj));
    }

    /** PATCHes one object with a patch of the given content type. */
    static ObjectNode patch(Session s, ApiResource r, String namespace, String name, String contentType, String patch,
                            DryRun mode) {
        String path = r.ref().objectPath(r.namespaced() ? namespace : null, name);
        if (mode == DryRun.CLIENT) {
            return s.http().get(path);
        }
        return s.http().call("PATCH", path + mode.query(true), contentType, patch);
    }
}
