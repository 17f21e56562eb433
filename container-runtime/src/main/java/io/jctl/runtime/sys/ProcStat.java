package io.jctl.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's identity beyond its pid: the start time (clock ticks since boot, field 22 of
 * /proc/PID/stat), so that a recorded pid is never mistaken for a later process that reused it.
 */
public final class ProcStat {
    private ProcStat() {
    }

    /** The start time of pid, or -1 when there is no such process. */
    public static long startTime(int pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); the start time is field 22
            return Long.parseLong(fields[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether pid still is the process that started at startTime (and not a zombie). */
    public static boolean alive(int pid, long startTime) {
        if (pid <= 0 || startTime < 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            return rest.charAt(0) != 'Z' && Long.parseLong(rest.split(" ")[19]) == startTime;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
