/**
 * End-to-end scenarios of the cluster network as pods see it: Services reached by cluster IP from
 * every node. Each test runs a whole cluster of its own through {@link io.jctl.e2e.E2eCluster}.
 */
package io.jctl.e2e.network;
