package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A thread-safe map from cache key ({@link Keys}) to object with secondary indexes, like
 * client-go's {@code cache.Indexer}. The {@value #NAMESPACE} index is always there; add others
 * with {@link #addIndex}. Objects are stored and returned as they are, not copied: treat them as
 * read-only and copy before changing one.
 */
public final class Indexer<T extends HasMetadata> {
    public static final String NAMESPACE = "namespace";

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, T> items = new HashMap<>();
    private final Map<String, Function<T, List<String>>> indexFunctions = new LinkedHashMap<>();
    /**
     * index name -> indexed value -> key -> object. The objects are held here too, not only keys:
     * a ReplicaSet reconcile reads its thousands of pods by index, and looking each key up again
     * in {@link #items} was the larger part of its time.
     */
    private final Map<String, Map<String, Map<String, T>>> indices = new HashMap<>();

    public Indexer() {
        addIndex(NAMESPACE, o -> {
            String ns = o.getMetadata().getNamespace();
            return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
        });
    }

    /**
     * Adds an index; objects already stored are indexed at once. The function must not fail and
     * must depend only on the object.
     */
    public void addIndex(String name, Function<T, List<String>> function) {
        lock.writeLock().lock();
        try {
            if (indexFunctions.containsKey(name)) {
                throw new IllegalArgumentException("index \"" + name + "\" already exists");
            }
            indexFunctions.put(name, function);
            Map<String, Map<String, T>> index = new HashMap<>();
            indices.put(name, index);
            items.forEach((key, obj) -> addToIndex(index, function, key, obj));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds or replaces the object under its key; returns what was there before, or null. */
    public T add(T object) {
        String key = Keys.of(object);
        lock.writeLock().lock();
        try {
            T old = items.put(key, object);
            if (old != null) {
                reindex(key, old, object);
            } else {
                index(key, object);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public T update(T object) {
        return add(object);
    }

    /** Removes the object with the same key; returns what was there, or null. */
    public T delete(T object) {
        return deleteByKey(Keys.of(object));
    }

    public T deleteByKey(String key) {
        lock.writeLock().lock();
        try {
            T old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces everything at once; returns the previous contents by key. */
    public Map<String, T> replace(Collection<T> objects) {
        lock.writeLock().lock();
        try {
            Map<String, T> old = new HashMap<>(items);
            items.clear();
            indices.values().forEach(Map::clear);
            for (T o : objects) {
                String key = Keys.of(o);
                items.put(key, o);
                index(key, o);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public T getByKey(String key) {
        lock.readLock().lock();
        try {
            return items.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A null namespace looks up a cluster-scoped object. */
    public T get(String namespace, String name) {
        return getByKey(Keys.of(namespace, name));
    }

    public List<T> list() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> listKeys() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Objects in one namespace. */
    public List<T> list(String namespace) {
        return byIndex(NAMESPACE, namespace);
    }

    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Objects whose index function returned {@code value}. */
    public List<T> byIndex(String indexName, String value) {
        lock.readLock().lock();
        try {
            Map<String, T> members = index(indexName).get(value);
            return members == null ? new ArrayList<>(0) : new ArrayList<>(members.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> indexKeys(String indexName, String value) {
        lock.readLock().lock();
        try {
            Map<String, T> members = index(indexName).get(value);
            return members == null ? List.of() : new ArrayList<>(members.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The values an index currently holds, e.g. every namespace with objects in it. */
    public List<String> indexValues(String indexName) {
        lock.readLock().lock();
        try {
            return new ArrayList<>(index(indexName).keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<String, Map<String, T>> index(String indexName) {
        Map<String, Map<String, T>> index = indices.get(indexName);
        if (index == null) {
            throw new IllegalArgumentException("no index \"" + indexName + "\"; indexes: " + indices.keySet());
        }
        return index;
    }

    private void index(String key, T object) {
        indexFunctions.forEach((name, fn) -> addToIndex(indices.get(name), fn, key, object));
    }

    private static <T> void addToIndex(Map<String, Map<String, T>> index, Function<T, List<String>> fn, String key,
                                       T object) {
        List<String> values = fn.apply(object);
        if (values != null) {
            for (String v : values) {
                index.computeIfAbsent(v, x -> new HashMap<>()).put(key, object);
            }
        }
    }

    /**
     * Moves {@code key} from {@code old}'s index values to {@code now}'s. Most updates (a pod's
     * status) leave every indexed value as it was: those only swap the object in place.
     */
    private void reindex(String key, T old, T now) {
        indexFunctions.forEach((name, fn) -> {
            Map<String, Map<String, T>> index = indices.get(name);
            List<String> before = fn.apply(old);
            List<String> after = fn.apply(now);
            if (before != null && before.equals(after)) {
                for (String v : after) {
                    index.computeIfAbsent(v, x -> new HashMap<>()).put(key, now);
                }
                return;
            }
            removeFromIndex(index, before, key);
            if (after != null) {
                for (String v : after) {
                    index.computeIfAbsent(v, x -> new HashMap<>()).put(key, now);
                }
            }
        });
    }

    private static <T> void removeFromIndex(Map<String, Map<String, T>> index, List<String> values, String key) {
        if (values == null) {
            return;
        }
        for (String v : values) {
            Map<String, T> keys = index.get(v);
            if (keys != null) {
                keys.remove(key);
                if (keys.isEmpty()) {
                    index.remove(v);
                }
            }
        }
    }

    private void unindex(String key, T object) {
        indexFunctions.forEach((name, fn) -> removeFromIndex(indices.get(name), fn.apply(object), key));
    }
}
