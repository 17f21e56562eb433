package io.jctl.apiserver.bench;

/**
 * The watch fan-out phase. {@code fanout} holds one sample per (watcher, write) for the paced
 * writes: the time from the writer getting its answer to that watcher reading the event (0 when
 * the event beat the answer); {@code lastWatcher} one sample per write: until the last watcher
 * had it. The {@code FromSend} variants count from when the write was sent instead, since the
 * writer's answer can queue behind the fan-out on the server. The burst part writes back to back and measures delivered events per second.
 */
public record WatchResult(int watchers, int connected, double connectSeconds, int pacedWrites,
                          Latencies writeLatency, Latencies fanout, Latencies lastWatcher, Latencies fanoutFromSend,
                          Latencies lastWatcherFromSend, long pacedMissed,
                          int burstWrites, double burstWriteSeconds, double burstSeconds, long burstDelivered,
                          long burstMissed, Latencies burstFanout, int watchErrors, int watchersEnded,
                          CpuMeter.Usage pacedCpu, CpuMeter.Usage burstCpu) {

    public double eventsPerSecond() {
        return burstSeconds > 0 ? burstDelivered / burstSeconds : Double.NaN;
    }

    public double burstWritesPerSecond() {
        return burstWriteSeconds > 0 ? burstWrites / burstWriteSeconds : Double.NaN;
    }

    /** Every watcher connected and got every write, none cut off. */
    public boolean complete() {
        return connected == watchers && pacedMissed == 0 && burstMissed == 0 && watchErrors == 0
                && watchersEnded == 0;
    }
}
