/**
 * The plugin contract: a {@link io.jctl.scheduler.framework.FilterPlugin} says whether a pod may
 * run on a node, a {@link io.jctl.scheduler.framework.ScorePlugin} ranks the nodes that may.
 * Plugins read the precomputed {@link io.jctl.scheduler.framework.PodInfo} and
 * {@link io.jctl.scheduler.framework.NodeInfo}, never the api-server, and must be cheap: they run
 * for hundreds of nodes per pod.
 */
package io.jctl.scheduler.framework;
