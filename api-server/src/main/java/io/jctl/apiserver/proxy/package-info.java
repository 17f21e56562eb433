/**
 * {@code pods/log}, {@code pods/exec} and {@code pods/portforward}: the api-server checks the request
 * against the Pod (which container, scheduled, started) and relays it to the streaming port of the
 * node's agent — a chunked HTTP answer for logs, WebSocket messages both ways for exec and port
 * forwarding. For port forwarding the agent speaks the client's protocol (SPDY in WebSocket, or v4
 * channels) and the api-server relays messages untouched: the relay already existed for exec, so
 * that is less code than ending SPDY here and inventing a second protocol to the agent. A plain SPDY
 * upgrade (client-go's SPDY dialer) goes to the agent as SPDY-in-WebSocket: the same byte stream. It reaches the agent over
 * HTTPS, pinning the certificate fingerprint the agent published on its Node and presenting a
 * client certificate from the cluster CA ({@link io.jctl.api.streaming.AgentEndpoint}).
 */
package io.jctl.apiserver.proxy;
