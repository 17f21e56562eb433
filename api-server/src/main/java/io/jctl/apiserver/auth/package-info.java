/**
 * Authentication for the api-server: a self-managed PKI under {@code <dataDir>/pki} (CA, serving
 * certificate re-issued when its SANs or expiry no longer fit, client certificates on demand), the
 * Vert.x TLS options built from it, and bearer-token and client-certificate authentication that
 * turns a request into a {@link io.jctl.apiserver.auth.UserInfo}. Nothing here authorizes; it only
 * says who the caller is, or that it is unknown ({@code Optional.empty()}).
 */
package io.jctl.apiserver.auth;
