package io.jctl.api.controller;

import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.workqueue.WorkQueue;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns informer events into queued keys. An update enqueues the keys of the old and the new
 * state, so that a Pod that changes owner wakes both owners.
 */
final class EnqueueHandler<T> implements ResourceEventHandler<T> {
    private final KeyMapper<? super T> mapper;
    private final WorkQueue<String> queue;

    EnqueueHandler(KeyMapper<? super T> mapper, WorkQueue<String> queue) {
        this.mapper = mapper;
        this.queue = queue;
    }

    @Override
    public void onAdd(T object) {
        mapper.keys(object).forEach(queue::add);
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
        Set<String> keys = new LinkedHashSet<>(mapper.keys(oldObject));
        keys.addAll(mapper.keys(newObject));
        keys.forEach(queue::add);
    }

    @Override
    public void onDelete(T object) {
        mapper.keys(object).forEach(queue::add);
    }
}
