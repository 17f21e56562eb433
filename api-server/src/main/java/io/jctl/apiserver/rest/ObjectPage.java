package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One page of a list: the matching objects, the store revision they were read at (the list's
 * resourceVersion) and the continue token for the next page (null on the last page).
 */
public record ObjectPage(List<ObjectNode> items, long revision, String continueToken) {
}
