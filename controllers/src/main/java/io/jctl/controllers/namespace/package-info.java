/**
 * The namespace controller: a namespace being deleted is emptied of every namespaced object
 * (resources found through discovery), then its {@code kubernetes} finalizer is removed through
 * the {@code finalize} subresource and the api-server deletes it.
 */
package io.jctl.controllers.namespace;
