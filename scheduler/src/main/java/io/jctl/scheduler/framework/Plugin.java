package io.jctl.scheduler.framework;

/** A scheduling plugin; its name is the one used in configuration (weights) and in kube-scheduler. */
public interface Plugin {
    String name();
}
