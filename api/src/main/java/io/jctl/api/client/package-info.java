/**
 * The REST client every jctl component uses to reach the api-server: {@link io.jctl.api.client.KubeConfig}
 * and {@link io.jctl.api.client.ClientConfig} say where and as whom, one shared, thread-safe
 * {@link io.jctl.api.client.ApiClient} per process makes typed calls through
 * {@link io.jctl.api.client.ResourceClient}. Server failures arrive as
 * {@link io.jctl.api.errors.ApiException}, transport failures as {@link java.io.UncheckedIOException}.
 *
 * <pre>{@code
 * ApiClient client = new ApiClient(KubeConfig.loadDefault().forCurrentContext());
 * Deployment d = client.deployments().get("default", "web");
 * client.deployments().patch("default", "web", PatchType.MERGE, "{\"spec\":{\"replicas\":3}}");
 * try (Watch w = client.pods().watch(null, ListOptions.all().withResourceVersion(rv), event -> ...)) { ... }
 * }</pre>
 */
package io.jctl.api.client;
