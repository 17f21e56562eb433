package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.Session;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.rollout.Revisions;

import java.util.List;

/** The ReplicaSets a Deployment controls: its revisions. */
final class OwnedReplicaSets {
    private OwnedReplicaSets() {
    }

    static List<JsonNode> of(Session s, JsonNode deployment) {
        ApiResource rs = s.resources().forKind("apps/v1", "ReplicaSet");
        String ns = deployment.path("metadata").path("namespace").asText();
        ObjectNode list = Lists.all(s.http(), rs.ref().collectionPath(ns), new Queries(), Transport.JSON);
        return Revisions.controlledBy(deployment, Lists.items(list, rs));
    }
}
