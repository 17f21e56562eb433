/** Kubernetes {@code metav1.Status} errors: what a failed call says, on the server and in clients. */
package io.jctl.api.errors;
