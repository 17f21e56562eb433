package io.jctl.apiserver.allocation;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;

/**
 * Hands out values of a range of {@code size} offsets, as kube-apiserver does: a value asked
 * for by name is taken if free; a dynamic one is picked at random from the upper part of the
 * range first, leaving the lower "static" band to values that manifests name explicitly
 * (KEP-3070/3668), and from the lower band only when the upper one is full.
 */
final class RangeAllocator {
    private final Reservations reservations;
    private final long firstOffset;
    private final long endOffset;
    private final long staticBand;
    private final LongFunction<String> valueAt;
    /** Values only ever taken by name, never by a dynamic pick. */
    private final Set<String> neverPicked;
    /** Values seen taken; spares store round trips while picking. Stale entries only cost a skip. */
    private final Set<String> knownTaken = ConcurrentHashMap.newKeySet();

    /**
     * @param firstOffset first usable offset, {@code endOffset} one past the last
     * @param staticBand  offsets below {@code firstOffset + staticBand} are used last by dynamic picks
     * @param neverPicked values that dynamic picks skip even when the range is otherwise full
     */
    RangeAllocator(Reservations reservations, long firstOffset, long endOffset, long staticBand,
                   LongFunction<String> valueAt, Set<String> neverPicked) {
        this.neverPicked = Set.copyOf(neverPicked);
        this.reservations = reservations;
        this.firstOffset = firstOffset;
        this.endOffset = endOffset;
        this.staticBand = Math.min(staticBand, endOffset - firstOffset);
        this.valueAt = valueAt;
    }

    /** kube-apiserver's static band size: size/divisor, at least 16 and at most {@code max}. */
    static long staticBand(long size, long divisor, long max) {
        return Math.min(Math.max(16, size / divisor), max);
    }

    boolean take(String value, Reservations.Holder holder) {
        if (reservations.take(value, holder)) {
            knownTaken.add(value);
            return true;
        }
        knownTaken.add(value);
        return reservations.holder(value).map(h -> h.sameObject(holder)).orElse(false);
    }

    /** A free value taken for {@code holder}, or empty when the range is full. */
    Optional<String> takeAny(Reservations.Holder holder) {
        long split = firstOffset + staticBand;
        Optional<String> upper = takeFrom(split, endOffset, holder);
        return upper.isPresent() ? upper : takeFrom(firstOffset, split, holder);
    }

    private Optional<String> takeFrom(long from, long to, Reservations.Holder holder) {
        long n = to - from;
        if (n <= 0) {
            return Optional.empty();
        }
        long start = ThreadLocalRandom.current().nextLong(n);
        for (long i = 0; i < n; i++) {
            String value = valueAt.apply(from + (start + i) % n);
            if (knownTaken.contains(value) || neverPicked.contains(value)) {
                continue;
            }
            if (reservations.take(value, holder)) {
                knownTaken.add(value);
                return Optional.of(value);
            }
            knownTaken.add(value);
        }
        // Everything looked taken; our view may be stale (releases by other api-servers), so
        // refresh it once from the store and try the values that turned out free.
        Set<String> taken = reservations.all().keySet();
        knownTaken.retainAll(taken);
        for (long i = 0; i < n; i++) {
            String value = valueAt.apply(from + i);
            if (!taken.contains(value) && !neverPicked.contains(value) && reservations.take(value, holder)) {
                knownTaken.add(value);
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    void release(String value, Reservations.Holder holder) {
        reservations.release(value, holder);
        knownTaken.remove(value);
    }
}
