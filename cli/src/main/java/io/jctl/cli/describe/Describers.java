package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

/** {@code jctl describe}: the object in kubectl's describe layout. A first cut, to be replaced. */
public final class Describers {
    private Describers() {
    }

    public static String describe(ObjectNode obj, DescribeSource source) {
        return Json.toYaml(obj);
    }
}
