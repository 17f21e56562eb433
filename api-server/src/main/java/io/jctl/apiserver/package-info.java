/**
 * The jctl api-server: {@link io.jctl.apiserver.ApiServer} wires the store, authentication,
 * watch caches and the HTTPS front door; {@link io.jctl.apiserver.ServerCommand} is its command line.
 */
package io.jctl.apiserver;
