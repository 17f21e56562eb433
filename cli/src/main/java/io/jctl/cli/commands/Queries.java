package io.jctl.cli.commands;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds REST query strings. */
final class Queries {
    private final StringBuilder sb = new StringBuilder();

    Queries add(String key, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append(sb.length() == 0 ? '?' : '&').append(key).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
