/**
 * The Deployment controller, shaped like Kubernetes' {@code pkg/controller/deployment}: a small
 * dispatcher ({@link io.jctl.controllers.deployment.DeploymentReconciler}) picks one concern per pass
 * (status only, paused or scaling sync, Recreate or RollingUpdate) and each concern lives in its own
 * file; the arithmetic lives in the pure {@link io.jctl.controllers.deployment.DeploymentUtil}.
 * Reads come from informer caches ({@link io.jctl.controllers.deployment.DeploymentCache}), writes go
 * through {@link io.jctl.controllers.deployment.DeploymentWrites}; a pass makes at most one kind of
 * change and the resulting watch events drive the next one.
 */
package io.jctl.controllers.deployment;
