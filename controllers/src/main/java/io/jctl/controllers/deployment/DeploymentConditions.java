package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Deployment's {@code Available}, {@code Progressing} and {@code ReplicaFailure} conditions
 * with Kubernetes' reasons, and the rule for replacing one: same status and reason leaves it
 * alone; same status keeps its lastTransitionTime.
 */
public final class DeploymentConditions {
    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";
    public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";

    private DeploymentConditions() {
    }

    /** Conditions carry RFC 3339 times with second precision, as Kubernetes' metav1.Time. */
    static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Instant time(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    public static DeploymentCondition newCondition(String type, String status, String reason, String message, Instant now) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(format(now));
        c.setLastTransitionTime(format(now));
        return c;
    }

    public static DeploymentCondition get(DeploymentStatus s, String type) {
        if (s == null || s.getConditions() == null) {
            return null;
        }
        for (DeploymentCondition c : s.getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /**
     * Puts {@code c} in place of the condition of its type, unless that one already has the same
     * status and reason; an unchanged status keeps the old lastTransitionTime.
     */
    public static void set(DeploymentStatus s, DeploymentCondition c) {
        DeploymentCondition current = get(s, c.getType());
        if (current != null && current.getStatus().equals(c.getStatus()) && eq(current.getReason(), c.getReason())) {
            return;
        }
        if (current != null && current.getStatus().equals(c.getStatus())) {
            c.setLastTransitionTime(current.getLastTransitionTime());
        }
        List<DeploymentCondition> next = without(s.getConditions(), c.getType());
        next.add(c);
        s.setConditions(next);
    }

    public static void remove(DeploymentStatus s, String type) {
        s.setConditions(without(s.getConditions(), type));
    }

    private static List<DeploymentCondition> without(List<DeploymentCondition> conditions, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (conditions != null) {
            for (DeploymentCondition c : conditions) {
                if (!type.equals(c.getType())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** A ReplicaSet's ReplicaFailure condition as the Deployment reports it. */
    static DeploymentCondition fromReplicaSet(ReplicaSetCondition c) {
        DeploymentCondition d = new DeploymentCondition();
        d.setType(c.getType());
        d.setStatus(c.getStatus());
        d.setReason(c.getReason());
        d.setMessage(c.getMessage());
        d.setLastUpdateTime(c.getLastTransitionTime());
        d.setLastTransitionTime(c.getLastTransitionTime());
        return d;
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
