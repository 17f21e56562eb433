package io.jctl.apiserver.bench;

import java.nio.charset.StandardCharsets;

/**
 * Pulls one string field out of a JSON document by byte search. The load client reads every
 * response and every watch event; a full parse of each would spend CPU the server needs on a
 * shared machine, and the fields we want occur once in a ConfigMap.
 */
final class JsonScan {
    private JsonScan() {
    }

    /** The string value following the first {@code "key":"}, or null. */
    static String stringField(byte[] json, int length, String key) {
        byte[] needle = ("\"" + key + "\":\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(json, length, needle);
        if (at < 0) {
            return null;
        }
        int start = at + needle.length;
        int end = start;
        while (end < length && json[end] != '"') {
            end++;
        }
        return end < length ? new String(json, start, end - start, StandardCharsets.UTF_8) : null;
    }

    static int indexOf(byte[] hay, int length, byte[] needle) {
        return indexOf(hay, 0, length, needle);
    }

    /** The first index of {@code needle} in {@code hay[from, to)}, or -1. */
    static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
