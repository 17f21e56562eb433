package io.jctl.cli.apply;

import io.jctl.cli.CliException;

/** {@code --dry-run}: none, client (nothing is sent that changes anything) or server ({@code dryRun=All}). */
public enum DryRun {
    NONE(""), CLIENT(" (dry run)"), SERVER(" (server dry run)");

    private final String suffix;

    DryRun(String suffix) {
        this.suffix = suffix;
    }

    /** What kubectl appends to {@code created}/{@code configured}. */
    public String suffix() {
        return suffix;
    }

    /** The query parameter to add to a write, with its separator. */
    public String query(boolean first) {
        return this == SERVER ? (first ? "?" : "&") + "dryRun=All" : "";
    }

    public static DryRun parse(String flag) {
        if (flag == null || flag.equals("none") || flag.equals("false")) {
            return NONE;
        }
        return switch (flag) {
            case "client", "true" -> CLIENT;
            case "server" -> SERVER;
            default -> throw new CliException("error: Invalid dry-run value (" + flag + "). Must be \"none\", "
                    + "\"server\", or \"client\".");
        };
    }
}
