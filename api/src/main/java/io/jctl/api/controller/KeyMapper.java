package io.jctl.api.controller;

import java.util.Collection;

/**
 * Turns a changed object of a watched resource into the keys of the primary objects that care,
 * e.g. a Pod into the key of the ReplicaSet that controls it. An empty answer enqueues nothing.
 */
@FunctionalInterface
public interface KeyMapper<T> {
    Collection<String> keys(T object);
}
