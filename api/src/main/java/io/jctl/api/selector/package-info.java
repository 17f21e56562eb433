/**
 * Label and field selectors with Kubernetes' syntax and semantics ({@code k8s.io/apimachinery/pkg/labels}
 * and {@code pkg/fields}). Parsing validates as the api-server does and throws {@link
 * io.jctl.api.selector.SelectorException}; parsed selectors are immutable and print in Kubernetes'
 * canonical form, so a selector string round-trips between jctl, kubectl and stored objects.
 */
package io.jctl.api.selector;
