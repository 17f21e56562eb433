package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliJson;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * {@code jctl rollout restart deploy/web}: stamps the pod template with
 * {@code kubectl.kubernetes.io/restartedAt}, so the controller replaces every Pod.
 */
@Command(name = "restart", description = "Replace every pod of a deployment with a new one.")
public final class RolloutRestartCommand extends RolloutPatchCommand {
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    private static final Set<String> RESTARTABLE = Set.of("Deployment", "DaemonSet", "StatefulSet");

    @Override
    String verb() {
        return "rollout restart";
    }

    @Override
    String done() {
        return "restarted";
    }

    @Override
    String patchFor(ObjectNode obj) {
        String kind = obj.path("kind").asText();
        if (!RESTARTABLE.contains(kind)) {
            throw new Refusal("restarting is not supported");
        }
        if (kind.equals("Deployment") && obj.path("spec").path("paused").asBoolean(false)) {
            throw new Refusal("can't restart paused deployment (run rollout resume first)");
        }
        // Go's time.Now().Format(time.RFC3339): whole seconds, Z for UTC.
        String now = OffsetDateTime.now(Clock.systemDefaultZone()).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        if (now.equals(obj.path("spec").path("template").path("metadata").path("annotations").path(RESTARTED_AT).asText())) {
            return "{}";
        }
        ObjectNode patch = CliJson.object();
        patch.withObject("/spec/template/metadata/annotations").put(RESTARTED_AT, now);
        return CliJson.write(patch);
    }

    @Override
    String nothingToDo(NamedObject o) {
        return "error: failed to create patch for " + o.name() + ": if restart has already been triggered within the "
                + "past second, please wait before attempting to trigger another";
    }
}
