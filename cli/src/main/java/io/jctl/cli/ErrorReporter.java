package io.jctl.cli;

import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;

import java.io.PrintStream;

/**
 * Turns any failure into one or two lines (plus one per field for 422) that name the object,
 * say what is wrong and what to do. Never a stack trace, unless {@code -v=9} asks for one.
 */
public final class ErrorReporter {
    private ErrorReporter() {
    }

    public static void report(Throwable t, Session session, PrintStream err) {
        report(t, session, err, null);
    }

    /**
     * Like {@link #report(Throwable, Session, PrintStream)} for one object of several;
     * {@code doing} (e.g. {@code error when creating "app.yaml" (document 2)}) says which.
     */
    public static void report(Throwable t, Session session, PrintStream err, String doing) {
        String m = message(t, session);
        if (doing != null) {
            if (m.startsWith("Error from server (")) {
                int colon = m.indexOf("): ");
                m = m.substring(0, colon + 3) + doing + ": " + m.substring(colon + 3);
            } else if (m.startsWith("The ")) {
                m = m.replaceFirst(" is invalid:", " is invalid (" + doing.replace("error when ", "") + "):");
            } else {
                m = m.replaceFirst("^error: ", "error: " + doing + ": ");
            }
        }
        err.println(m);
        if (session != null && session.verbosity() >= 9) {
            t.printStackTrace(err);
        }
    }

    static String message(Throwable t, Session session) {
        if (t instanceof CliException c) {
            return c.getMessage();
        }
        if (t instanceof ApiException a) {
            return apiMessage(a, session);
        }
        if (t instanceof java.io.UncheckedIOException u) {
            return "error: " + u.getMessage();
        }
        String m = t.getMessage();
        return "error: " + (m == null ? t.getClass().getSimpleName() : m)
                + "\n(unexpected " + t.getClass().getSimpleName() + "; run with -v=9 to see where)";
    }

    static String apiMessage(ApiException a, Session session) {
        String head = "Error from server (" + a.reason() + "): " + a.getMessage();
        String ns = namespaceOf(session);
        switch (a.code()) {
            case 401:
                return "error: You must be logged in to the server (Unauthorized).\nThe credentials of "
                        + source(session) + " were rejected: get a fresh token (`jctld up` writes ~/.jctl/config) "
                        + "or pass --token.";
            case 403:
                return head + "\nYour user may not do this; ask an administrator for access or use another context.";
            case 404:
                return head + "\n" + notFoundHint(a, ns);
            case 409:
                if ("AlreadyExists".equals(a.reason())) {
                    return head + "\nUse `jctl apply -f` to change the existing object, or delete it first.";
                }
                return head + "\nSomeone changed the object since it was read; run the command again.";
            case 410:
                return head + "\nThe resource version is too old; run the command again.";
            case 422:
                return invalid(a);
            default:
                return head;
        }
    }

    private static String invalid(ApiException a) {
        String m = a.getMessage();
        int at = m.indexOf(" is invalid");
        StringBuilder s = new StringBuilder("The ").append(at > 0 ? m.substring(0, at) : "object").append(" is invalid:");
        if (a.causes().isEmpty()) {
            s.append(' ').append(at > 0 ? m.substring(at + " is invalid:".length()).trim() : m);
        }
        for (StatusCause c : a.causes()) {
            s.append("\n* ").append(c.describe());
        }
        return s.append("\nFix ").append(a.causes().size() > 1 ? "these fields" : "this").append(" and try again.").toString();
    }

    private static String notFoundHint(ApiException a, String ns) {
        String m = a.getMessage();
        int q = m.indexOf(" \"");
        String resource = q > 0 ? m.substring(0, q) : a.kind();
        if ("namespaces".equals(resource)) {
            return "Create it with `jctl create namespace " + (a.name() == null ? "NAME" : a.name()) + "`.";
        }
        if (resource == null || resource.contains(" ")) {
            return "Check the name (and the namespace, \"" + ns + "\").";
        }
        return "Check the name and the namespace (\"" + ns + "\"): `jctl get " + resource + " -n " + ns + "` lists them.";
    }

    private static String namespaceOf(Session session) {
        try {
            return session == null ? "default" : session.namespace();
        } catch (RuntimeException e) {
            return "default";
        }
    }

    private static String source(Session session) {
        try {
            return session == null ? "the kubeconfig" : session.context().source();
        } catch (RuntimeException e) {
            return "the kubeconfig";
        }
    }
}
