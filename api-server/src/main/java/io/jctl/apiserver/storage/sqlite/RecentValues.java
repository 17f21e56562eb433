package io.jctl.apiserver.storage.sqlite;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Bounds the values that {@link Head}s keep: the writer thread notes each value it puts into a
 * head here, oldest first, and once they add up to more than the budget it strips the oldest ones
 * from their heads again. A get or an update of a recently written key (a pod's binding and status
 * writes follow its create within seconds) then needs no SQLite read. Writer thread only.
 */
final class RecentValues {
    private record Entry(String key, byte[] value) {
    }

    private final long budgetBytes;
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    private long bytes;

    RecentValues(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** Notes that the head of {@code key} now holds {@code value}, evicting the oldest if over budget. */
    void added(String key, byte[] value, Map<String, Head> heads) {
        order.addLast(new Entry(key, value));
        bytes += value.length;
        while (bytes > budgetBytes && !order.isEmpty()) {
            Entry e = order.removeFirst();
            bytes -= e.value().length;
            // A newer write of the key has its own entry; only this value leaves its head.
            heads.computeIfPresent(e.key(), (k, h) -> h.value() == e.value() ? h.withoutValue() : h);
        }
    }
}
