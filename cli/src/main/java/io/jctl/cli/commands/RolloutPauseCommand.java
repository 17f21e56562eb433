package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** {@code jctl rollout pause deploy/web}: sets {@code spec.paused}; the controller then stops rolling out template changes. */
@Command(name = "pause", description = "Stop a deployment from rolling out template changes.")
public final class RolloutPauseCommand extends RolloutPatchCommand {
    @Override
    String verb() {
        return "rollout pause";
    }

    @Override
    String done() {
        return "paused";
    }

    @Override
    String patchFor(ObjectNode obj) {
        if (!"Deployment".equals(obj.path("kind").asText())) {
            throw new Refusal("pausing is not supported");
        }
        if (obj.path("spec").path("paused").asBoolean(false)) {
            throw new Refusal("is already paused");
        }
        return "{\"spec\":{\"paused\":true}}";
    }

    @Override
    String nothingToDo(NamedObject o) {
        return "already paused";
    }
}
