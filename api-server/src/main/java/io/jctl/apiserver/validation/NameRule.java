package io.jctl.apiserver.validation;

import java.util.List;
import java.util.regex.Pattern;

/** The naming rules Kubernetes applies to {@code metadata.name}, with its error texts. */
public enum NameRule {
    DNS1123_SUBDOMAIN(253, Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    DNS1123_LABEL(63, Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
    DNS1035_LABEL(63, Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?"),
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");

    private final int maxLength;
    private final Pattern pattern;
    private final String message;

    NameRule(int maxLength, Pattern pattern, String message) {
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.message = message;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Kubernetes' error texts for {@code name}; empty when it is valid. */
    public List<String> check(String name) {
        java.util.ArrayList<String> errs = new java.util.ArrayList<>();
        if (name.length() > maxLength) {
            errs.add("must be no more than " + maxLength + " characters");
        }
        if (!pattern.matcher(name).matches()) {
            errs.add(message);
        }
        return errs;
    }
}
