package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The {@code Pods Status} of a controller: its Pods by phase. Only Pods the selector matches and
 * the controller owns count; orphans and Pods of other controllers do not.
 */
final class PodPhases {
    private PodPhases() {
    }

    static String count(List<ObjectNode> pods, JsonNode selector, String controllerUid) {
        int running = 0;
        int waiting = 0;
        int succeeded = 0;
        int failed = 0;
        for (ObjectNode pod : pods) {
            if (!Selectors.matches(selector, Tree.map(pod, "metadata", "labels")) || !Owners.isControlledBy(pod, controllerUid)) {
                continue;
            }
            switch (Tree.str(pod, "status", "phase")) {
                case "Running" -> running++;
                case "Pending" -> waiting++;
                case "Succeeded" -> succeeded++;
                case "Failed" -> failed++;
                default -> {
                }
            }
        }
        return String.format("%d Running / %d Waiting / %d Succeeded / %d Failed", running, waiting, succeeded, failed);
    }
}
