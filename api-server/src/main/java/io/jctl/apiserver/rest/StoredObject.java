package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An object as read from the store: its JSON with {@code metadata.resourceVersion} filled in. */
public record StoredObject(ObjectNode object, long revision) {
}
