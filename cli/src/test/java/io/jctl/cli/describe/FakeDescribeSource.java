package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A {@link DescribeSource} over a fixture that behaves like jctl's server and records each query. */
final class FakeDescribeSource implements DescribeSource {
    private final FixtureCluster cluster;
    final List<String> queries = new ArrayList<>();

    FakeDescribeSource(FixtureCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<ObjectNode> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        queries.add(apiVersion + " " + kind + " ns=" + namespace + " labels=" + labelSelector + " fields=" + fieldSelector);
        if (!FixtureCluster.JCTL_KINDS.contains(apiVersion + "/" + kind)) {
            throw new IllegalStateException("the server could not find the requested resource (" + kind + ")");
        }
        return cluster.list(apiVersion, kind, namespace, labelSelector, fieldSelector);
    }
}
