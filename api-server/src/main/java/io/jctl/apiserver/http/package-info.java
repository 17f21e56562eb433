/**
 * The HTTPS front door: authentication, body limits, discovery and the mapping of Kubernetes
 * paths and verbs onto the REST operations, including streaming watches.
 */
package io.jctl.apiserver.http;
