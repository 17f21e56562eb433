package io.jctl.apiserver.storage;

/** The requested revision is older than the store's compacted revision (HTTP 410 Gone). */
public class CompactedException extends StoreException {
    private final long requested;
    private final long compacted;

    public CompactedException(long requested, long compacted) {
        super("revision " + requested + " has been compacted; the oldest available is " + compacted);
        this.requested = requested;
        this.compacted = compacted;
    }

    public long requested() {
        return requested;
    }

    public long compacted() {
        return compacted;
    }
}
