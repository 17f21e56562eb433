package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/** The {@code Conditions} table (type, status, reason) kubectl prints for Deployments and ReplicaSets. */
final class ControllerConditions {
    private ControllerConditions() {
    }

    /** Prints nothing when {@code status} has no conditions, as kubectl. */
    static void print(PrefixWriter w, JsonNode status) {
        List<JsonNode> conditions = Tree.list(status, "conditions");
        if (conditions.isEmpty()) {
            return;
        }
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(LEVEL_1, "----\t------\t------\n");
        for (JsonNode c : conditions) {
            w.write(LEVEL_1, "%s \t%s\t%s\n", Tree.str(c, "type"), Tree.str(c, "status"), Tree.str(c, "reason"));
        }
    }
}
