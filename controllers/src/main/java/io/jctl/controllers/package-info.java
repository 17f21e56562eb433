/**
 * The controller-manager: reconcilers that drive Deployments, ReplicaSets, garbage collection,
 * namespaces and node lifecycle toward the desired state, talking only to the api-server.
 */
package io.jctl.controllers;
