package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** {@code jctl rollout resume deploy/web}: clears {@code spec.paused} so that pending template changes roll out. */
@Command(name = "resume", description = "Let a paused deployment roll out again.")
public final class RolloutResumeCommand extends RolloutPatchCommand {
    @Override
    String verb() {
        return "rollout resume";
    }

    @Override
    String done() {
        return "resumed";
    }

    @Override
    String patchFor(ObjectNode obj) {
        if (!"Deployment".equals(obj.path("kind").asText())) {
            throw new Refusal("resuming is not supported");
        }
        if (!obj.path("spec").path("paused").asBoolean(false)) {
            throw new Refusal("is not paused");
        }
        return "{\"spec\":{\"paused\":null}}";
    }

    @Override
    String nothingToDo(NamedObject o) {
        return "already resumed";
    }
}
