package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A server-side {@code meta.k8s.io/v1} Table for one kind, and the prefix kubectl puts before
 * names when several kinds are printed together ({@code deployment.apps}, {@code pod}: the
 * lower-case kind, then the group if any). Consecutive KindTables with the same prefix print as
 * one table, as kubectl prints several names of one kind.
 */
public record KindTable(String kindPrefix, ObjectNode table) {
}
