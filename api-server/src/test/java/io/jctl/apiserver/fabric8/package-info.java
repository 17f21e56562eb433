/**
 * Compatibility tests of the fabric8 Kubernetes client (7.x, JDK http client) against the real
 * in-process api-server: typed CRUD, selectors, patches, subresources, watches, informers and
 * leader election, as a Java operator would use them. Each test works in its own namespace of
 * one shared server, which is stopped after the class.
 */
package io.jctl.apiserver.fabric8;
