package io.jctl.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.time.Instant;

/**
 * A column of a {@code meta.k8s.io/v1} Table. {@code priority} 0 is always shown, 1 only with
 * {@code -o wide}.
 */
public record TableColumn(String name, String type, String format, String description, int priority) {
    public static final TableColumn AGE = new TableColumn("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);

    public static TableColumn string(String name, String description) {
        return new TableColumn(name, "string", "", description, 0);
    }

    public static TableColumn integer(String name, String description) {
        return new TableColumn(name, "integer", "", description, 0);
    }

    public static TableColumn wide(String name, String description) {
        return new TableColumn(name, "string", "", description, 1);
    }

    /** The object's age as kubectl prints it: 45s, 12m, 3h20m, 5d. */
    public static String age(HasMetadata obj) {
        String ts = obj.getMetadata() == null ? null : obj.getMetadata().getCreationTimestamp();
        if (ts == null) {
            return "<unknown>";
        }
        return humanDuration(Duration.between(Instant.parse(ts), Instant.now()));
    }

    /** kubectl's {@code duration.HumanDuration}. */
    public static String humanDuration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long dd = (hours / 24) % 365;
            return dd == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dd + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
