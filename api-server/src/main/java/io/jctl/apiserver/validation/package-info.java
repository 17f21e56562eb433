/**
 * Kubernetes-compatible validation: each check adds {@code metav1.StatusCause}s with the exact
 * field path and Kubernetes' wording to a {@link io.jctl.apiserver.validation.FieldErrors}, and
 * never throws for bad input. Shared by every kind: object metadata, pod specs and their updates,
 * workload selectors and templates, and the string formats of {@code util/validation}.
 */
package io.jctl.apiserver.validation;
