package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;

/**
 * What a describer works with besides the object: where related objects come from and what time
 * it is (ages are relative to {@code clock}, timestamps print in its zone).
 */
record DescribeContext(DescribeSource source, Clock clock) {

    /** Related objects, or {@code null} when they cannot be listed (kubectl then shows less, not an error). */
    List<ObjectNode> tryList(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        try {
            List<ObjectNode> items = source.list(apiVersion, kind, namespace, labelSelector, fieldSelector);
            return items == null ? List.of() : items;
        } catch (RuntimeException e) {
            return null;
        }
    }

    List<ObjectNode> listOrEmpty(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        List<ObjectNode> items = tryList(apiVersion, kind, namespace, labelSelector, fieldSelector);
        return items == null ? List.of() : items;
    }

    String age(String timestamp) {
        return Times.since(timestamp, clock);
    }

    String time(String timestamp) {
        return Times.rfc1123z(timestamp, clock);
    }
}
