/**
 * kubectl's rollout logic for Deployments, ported as pure functions over the JSON objects: the
 * status viewer ({@code rollout status}), the revision history and the rollback patch. Nothing
 * here talks to the server; the commands fetch the objects and send what these functions compute.
 */
package io.jctl.cli.rollout;
