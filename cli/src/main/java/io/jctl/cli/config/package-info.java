/**
 * Where jctl's kubeconfig is ({@code --kubeconfig}, the colon-separated {@code $KUBECONFIG}
 * merged as kubectl merges it, or {@code ~/.jctl/config}) and how the global flags
 * ({@code --context}, {@code --server}, {@code --token}, {@code --insecure-skip-tls-verify},
 * {@code -n}) override the chosen context. Every failure is a {@link io.jctl.cli.CliException}
 * naming the file and the context.
 */
package io.jctl.cli.config;
