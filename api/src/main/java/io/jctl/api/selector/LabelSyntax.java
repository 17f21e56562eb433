package io.jctl.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for label keys (qualified names) and label values, with its error texts, so
 * that selectors and {@code metadata.labels} are checked the same way everywhere.
 */
public final class LabelSyntax {
    private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);

    public static final int NAME_MAX_LENGTH = 63;
    public static final int PREFIX_MAX_LENGTH = 253;

    private LabelSyntax() {
    }

    /** Errors for a label key ({@code [prefix/]name}), empty when it is valid. */
    public static List<String> validateKey(String key) {
        List<String> errs = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String e : validateDns1123Subdomain(prefix)) {
                    errs.add("prefix part " + e);
                }
            }
        } else {
            errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > NAME_MAX_LENGTH) {
            errs.add("name part must be no more than " + NAME_MAX_LENGTH + " characters");
        }
        // Kubernetes reports an empty name part twice: empty, and not matching the pattern.
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** Errors for a label value (empty, or up to 63 alphanumerics, '-', '_', '.'), empty when it is valid. */
    public static List<String> validateValue(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > NAME_MAX_LENGTH) {
            errs.add("must be no more than " + NAME_MAX_LENGTH + " characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                            + "'-', '_' or '.', and must start and end with an alphanumeric character",
                    LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** Errors for a lowercase RFC 1123 subdomain (label key prefixes, most object names). */
    public static List<String> validateDns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > PREFIX_MAX_LENGTH) {
            errs.add("must be no more than " + PREFIX_MAX_LENGTH + " characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                    + "'-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    private static String regexError(String msg, String fmt, String... examples) {
        StringBuilder s = new StringBuilder(msg);
        if (examples.length > 0) {
            s.append(" (e.g. ");
            for (int i = 0; i < examples.length; i++) {
                if (i > 0) {
                    s.append(",  or ");
                }
                s.append('\'').append(examples[i]).append('\'');
            }
            s.append(", regex used for validation is '").append(fmt).append("')");
        } else {
            s.append(" (regex used for validation is '").append(fmt).append("')");
        }
        return s.toString();
    }
}
