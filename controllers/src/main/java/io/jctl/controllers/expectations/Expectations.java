package io.jctl.controllers.expectations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller has asked the api-server to create and delete for each of its objects and
 * has not yet seen come back through its watch, as client-go's
 * {@code UIDTrackingControllerExpectations}. While expectations are pending the controller's
 * cache is known to lag its own writes, so it must not create or delete again. Expectations
 * older than five minutes count as satisfied, so a lost event cannot wedge a controller.
 */
public final class Expectations {
    public static final Duration TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** True when nothing is pending for {@code key}: the cache reflects every write made for it. */
    public boolean satisfied(String key) {
        Record r = records.get(key);
        if (r == null) {
            return true;
        }
        synchronized (r) {
            return (r.adds <= 0 && r.deletes.isEmpty()) || Duration.between(r.setAt, clock.instant()).compareTo(TTL) > 0;
        }
    }

    /** Replaces the expectations of {@code key}: {@code adds} creations to come. */
    public void expectCreations(String key, int adds) {
        records.put(key, new Record(adds, Set.of(), clock.instant()));
    }

    /** Replaces the expectations of {@code key}: the deletion of these uids to come. */
    public void expectDeletions(String key, Collection<String> uids) {
        records.put(key, new Record(0, uids, clock.instant()));
    }

    /** A creation came back through the watch (or was abandoned before being sent). */
    public void creationObserved(String key) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.adds--;
            }
        }
    }

    /** The object with {@code uid} was seen deleted or being deleted (or its deletion was abandoned). */
    public void deletionObserved(String key, String uid) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.deletes.remove(uid);
            }
        }
    }

    /** Forgets {@code key}, e.g. when its object is gone. */
    public void delete(String key) {
        records.remove(key);
    }

    private static final class Record {
        int adds;
        final Set<String> deletes;
        final Instant setAt;

        Record(int adds, Collection<String> deletes, Instant setAt) {
            this.adds = adds;
            this.deletes = new HashSet<>(deletes);
            this.setAt = setAt;
        }
    }
}
