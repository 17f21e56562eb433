package io.jctl.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mount table of this process (/proc/self/mountinfo). */
public final class Mounts {
    private Mounts() {
    }

    /** Mount points at or below prefix, deepest first (the order to unmount them in). */
    public static List<Path> under(Path prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                Path mountPoint = Path.of(unescape(fields[4]));
                if (mountPoint.startsWith(prefix)) {
                    found.add(mountPoint);
                }
            }
        }
        found.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        return found;
    }

    public static boolean isMountPoint(Path path) throws IOException {
        return under(path).contains(path);
    }

    /** A mount point field of mountinfo as a path. */
    public static String unescapePath(String field) {
        return unescape(field);
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 4 <= s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
