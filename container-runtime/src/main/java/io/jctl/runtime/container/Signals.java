package io.jctl.runtime.container;

import java.util.List;
import java.util.Locale;

/** Signal names of an image's StopSignal ("SIGQUIT", "QUIT" or "3") as numbers (x86_64). */
final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private Signals() {
    }

    static int number(String signal) {
        if (signal == null || signal.isBlank()) {
            return 15;
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        int i = NAMES.indexOf(s.startsWith("SIG") ? s.substring(3) : s);
        return i > 0 ? i : 15;
    }
}
