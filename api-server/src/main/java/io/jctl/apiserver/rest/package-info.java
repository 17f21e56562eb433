/**
 * The REST semantics of kube-apiserver on top of the store: admission (defaults, validation,
 * server-owned metadata), one class per verb, subresources, paging and server-side tables.
 * Nothing here knows about HTTP; errors are {@link io.jctl.api.errors.ApiException}s.
 */
package io.jctl.apiserver.rest;
