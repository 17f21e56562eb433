/**
 * The jctl api-server: {@link io.jctl.apiserver.ApiServer} wires the store, authentication,
 * watch caches and the HTTPS front door; {@link io.jctl.apiserver.Jctld} is the daemon launcher.
 */
package io.jctl.apiserver;
