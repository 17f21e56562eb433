package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a describer may look up besides the object: related objects and Events. Backed by the
 * API client in jctl and by fixed lists in tests.
 */
public interface DescribeSource {
    /**
     * Objects of {@code apiVersion}/{@code kind} in {@code namespace} (null: cluster-scoped)
     * matching the selectors (null: none).
     */
    List<ObjectNode> list(String apiVersion, String kind, String namespace, String labelSelector,
                          String fieldSelector);
}
