package io.jctl.apiserver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Prints every thread's stack, so a stalled run leaves evidence of where it stuck. */
final class ThreadDump {
    private ThreadDump() {
    }

    static void toStderr(String why) {
        StringBuilder b = new StringBuilder("jctld bench: ").append(why).append("; threads:\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            b.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                b.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                b.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            b.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                b.append("\tat ").append(e).append('\n');
            }
            b.append('\n');
        }
        System.err.print(b);
    }
}
