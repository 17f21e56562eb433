/**
 * {@code pods/log} and {@code pods/exec}: the api-server checks the request against the Pod (which
 * container, scheduled, started) and relays it to the streaming port of the node's agent — a
 * chunked HTTP answer for logs, WebSocket messages both ways for exec. It reaches the agent over
 * HTTPS, pinning the certificate fingerprint the agent published on its Node and presenting a
 * client certificate from the cluster CA ({@link io.jctl.api.streaming.AgentEndpoint}).
 */
package io.jctl.apiserver.proxy;
