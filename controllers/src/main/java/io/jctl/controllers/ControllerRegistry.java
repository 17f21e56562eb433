package io.jctl.controllers;

import io.jctl.controllers.deployment.DeploymentController;
import io.jctl.controllers.endpoints.EndpointsController;
import io.jctl.controllers.gc.GarbageCollector;
import io.jctl.controllers.namespace.NamespaceController;
import io.jctl.controllers.nodelifecycle.NodeLifecycleController;
import io.jctl.controllers.replicaset.ReplicaSetController;

import java.util.ArrayList;
import java.util.List;

/** Every controller the manager runs, one registration per line. */
public final class ControllerRegistry {
    private ControllerRegistry() {
    }

    public static List<ControllerFactory> all() {
        List<ControllerFactory> all = new ArrayList<>();
        all.add(ReplicaSetController::create);
        all.add(GarbageCollector::create);
        all.add(NamespaceController::create);
        all.add(NodeLifecycleController::create);
        all.add(DeploymentController::create);
        all.add(EndpointsController::create);
        return all;
    }
}
