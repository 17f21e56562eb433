package io.jctl.apiserver.validation;

import io.jctl.api.selector.LabelSyntax;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The string formats of Kubernetes' {@code apimachinery/pkg/util/validation}, each returning
 * Kubernetes' error texts (empty when the value is valid) so callers can attach them to a field.
 */
public final class ValueFormats {
    public static final int DNS1123_SUBDOMAIN_MAX = 253;
    public static final int LABEL_VALUE_MAX = 63;

    private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
    private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
    private static final String PERCENT_FMT = "[0-9]+%";
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private ValueFormats() {
    }

    /** Go's {@code RegexError}: the message, examples and the regex, exactly as Kubernetes words them. */
    static String regexError(String msg, String fmt, String... examples) {
        StringBuilder s = new StringBuilder(msg);
        if (examples.length == 0) {
            return s.append(" (regex used for validation is '").append(fmt).append("')").toString();
        }
        s.append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    /** A label key, annotation key or finalizer: an optional DNS subdomain prefix and a 63-char name. */
    public static List<String> qualifiedName(String value) {
        return LabelSyntax.validateKey(value);
    }

    public static List<String> labelValue(String value) {
        return LabelSyntax.validateValue(value);
    }

    /** Keys of ConfigMap and Secret data: they become file names in volumes. */
    public static List<String> configMapKey(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_SUBDOMAIN_MAX) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        }
        if (!CONFIG_KEY.matcher(value).matches()) {
            errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        if (value.equals(".")) {
            errs.add("must not be '.'");
        } else if (value.equals("..")) {
            errs.add("must not be '..'");
        } else if (value.startsWith("..")) {
            errs.add("must not start with '..'");
        }
        return errs;
    }

    /** An IANA_SVC_NAME: what a named port may be called. */
    public static List<String> portName(String port) {
        List<String> errs = new ArrayList<>();
        if (port.length() > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARS.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!HAS_LETTER.matcher(port).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    public static List<String> portNumber(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /**
     * Environment variable names as Kubernetes 1.30+ accepts them (RelaxedEnvironmentVariableValidation):
     * any printable ASCII except {@code =}.
     */
    public static List<String> envVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.isEmpty()) {
            errs.add("environment variable name must be non-empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '=') {
                errs.add("a valid environment variable name must consist only of printable ASCII characters other than '='");
                break;
            }
        }
        return errs;
    }

    public static List<String> percent(String value) {
        return PERCENT.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'",
                PERCENT_FMT, "1%", "93%"));
    }

    public static boolean isIp(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // The character check above keeps InetAddress from resolving host names.
            java.net.InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static List<String> ip(String value) {
        return isIp(value) ? List.of() : List.of("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }
}
