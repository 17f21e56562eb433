package io.jctl.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.cli.CliException;

/**
 * kubectl's {@code DeploymentStatusViewer.Status}, line for line: the message for one observed
 * state of a Deployment and whether the rollout is done. Failures (deadline exceeded, another
 * revision running) are thrown as the {@code error: …} line kubectl prints.
 */
public final class DeploymentStatusViewer {
    /** The Progressing condition reason the controller sets when progressDeadlineSeconds passed. */
    static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";

    /** One status line (with its newline) and whether waiting is over. */
    public record Status(String message, boolean done) {
    }

    private DeploymentStatusViewer() {
    }

    public static Status status(JsonNode deployment, long revision) {
        String name = deployment.path("metadata").path("name").asText();
        if (revision > 0) {
            long running = Revisions.of(deployment);
            if (revision != running) {
                throw new CliException("error: desired revision (" + revision + ") is different from the running revision ("
                        + running + ")");
            }
        }
        JsonNode status = deployment.path("status");
        if (deployment.path("metadata").path("generation").asLong(0) <= status.path("observedGeneration").asLong(0)) {
            for (JsonNode c : status.path("conditions")) {
                if ("Progressing".equals(c.path("type").asText()) && TIMED_OUT_REASON.equals(c.path("reason").asText())) {
                    throw new CliException("error: deployment \"" + name + "\" exceeded its progress deadline");
                }
            }
            long updated = status.path("updatedReplicas").asLong(0);
            long replicas = status.path("replicas").asLong(0);
            long available = status.path("availableReplicas").asLong(0);
            JsonNode wanted = deployment.path("spec").path("replicas");
            if (wanted.isNumber() && updated < wanted.asLong()) {
                return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of "
                        + wanted.asLong() + " new replicas have been updated...\n", false);
            }
            if (replicas > updated) {
                return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
                        + " old replicas are pending termination...\n", false);
            }
            if (available < updated) {
                return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of "
                        + updated + " updated replicas are available...\n", false);
            }
            return new Status("deployment \"" + name + "\" successfully rolled out\n", true);
        }
        return new Status("Waiting for deployment spec update to be observed...\n", false);
    }
}
