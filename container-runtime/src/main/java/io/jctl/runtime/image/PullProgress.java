package io.jctl.runtime.image;

/** Told what a pull is doing, in human lines, with byte counts while a blob downloads. */
@FunctionalInterface
public interface PullProgress {
    PullProgress NONE = (message, done, total) -> { };

    void report(String message, long bytesDone, long bytesTotal);
}
