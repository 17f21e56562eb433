package io.jctl.controllers;

import io.jctl.api.controller.Controller;

/**
 * Builds one controller for a leadership term; called each time this manager becomes leader,
 * so that a new term starts from fresh caches and queues.
 */
@FunctionalInterface
public interface ControllerFactory {
    Controller create(ControllerContext context);
}
