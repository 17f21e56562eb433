/**
 * What the api-server, the node agents and jctl agree on for {@code pods/log}, {@code pods/exec}
 * and {@code pods/portforward}: Kubernetes' remote-command channel protocol ({@code v4/v5.channel.k8s.io}
 * over WebSocket), the port-forward subprotocols, and how an agent publishes, and the api-server
 * reaches, its streaming port.
 */
package io.jctl.api.streaming;
