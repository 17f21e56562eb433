package io.jctl.runtime.network;

import java.io.IOException;

/**
 * Deletes links with group commit. Deleting a veth whose peer is in another namespace makes the
 * kernel wait out RCU grace periods under its RTNL lock, 20-30 ms here, so deletions one after
 * the other serialise at that rate however many threads ask. Instead each caller marks its link
 * with a group number of ours and joins the next batch; one caller at a time deletes the whole
 * group in a single request (one wait for the batch), then wakes the others and hands on the job.
 * A lone caller pays what a plain delete costs; concurrent callers share the wait.
 */
final class BatchedLinkDeletion {
    private final RouteNetlink netlink;
    private final int group;
    private final Object lock = new Object();
    private long collectingBatch = 1;
    private long completedBatch;
    private boolean deleterActive;

    BatchedLinkDeletion(RouteNetlink netlink, int group) {
        this.netlink = netlink;
        this.group = group;
    }

    /** Deletes the link (and so its veth peer); returns when it is gone. A no-op if there is none. */
    void delete(String name) throws IOException {
        RouteNetlink.Link link = netlink.link(name).orElse(null);
        if (link == null) {
            return;
        }
        try {
            netlink.setGroup(link.index(), name, group);
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return; // gone meanwhile, e.g. with its namespace
            }
            throw e;
        }
        awaitBatch();
        // Normally gone with its batch; if that request failed, fall back to deleting it alone.
        if (netlink.link(name).filter(l -> l.index() == link.index()).isPresent()) {
            netlink.deleteLink(name);
        }
    }

    /** Deletes several links in one batch (garbage collection at start). */
    void deleteAll(java.util.Collection<String> names) throws IOException {
        java.util.List<String> marked = new java.util.ArrayList<>();
        for (String name : names) {
            RouteNetlink.Link link = netlink.link(name).orElse(null);
            if (link != null) {
                try {
                    netlink.setGroup(link.index(), name, group);
                    marked.add(name);
                } catch (NetlinkException e) {
                    if (e.errno() != NetlinkException.ENODEV) {
                        throw e;
                    }
                }
            }
        }
        if (marked.isEmpty()) {
            return;
        }
        awaitBatch();
        for (String name : marked) {
            netlink.deleteLink(name); // normally already gone: returns false
        }
    }

    private void awaitBatch() throws IOException {
        long myBatch;
        synchronized (lock) {
            myBatch = collectingBatch;
            while (completedBatch < myBatch) {
                if (!deleterActive) {
                    deleterActive = true;
                    collectingBatch++; // later marks join the next batch
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for link deletion", e);
                }
            }
            if (completedBatch >= myBatch) {
                return;
            }
        }
        try {
            netlink.deleteGroup(group); // false: nothing left, e.g. taken with their namespaces
        } catch (IOException | RuntimeException e) {
            // each caller checks its own link afterwards
        } finally {
            synchronized (lock) {
                completedBatch = myBatch;
                deleterActive = false;
                lock.notifyAll();
            }
        }
    }
}
