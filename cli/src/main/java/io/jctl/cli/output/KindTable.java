package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A server-side {@code meta.k8s.io/v1} Table for one kind, and the prefix kubectl puts before
 * names when several kinds are printed together ({@code deployment.apps}, {@code pod}).
 */
public record KindTable(String kindPrefix, ObjectNode table) {
}
