package io.jctl.cli.describe;

import io.jctl.cli.text.TabWriter;

/**
 * Writes describe text at an indentation level (two spaces a level) into a {@link TabWriter},
 * replacing terminal control characters as kubectl's {@code printers.WriteEscaped} does so an
 * object's content cannot drive the user's terminal.
 */
final class PrefixWriter {
    static final int LEVEL_0 = 0;
    static final int LEVEL_1 = 1;
    static final int LEVEL_2 = 2;
    static final int LEVEL_3 = 3;
    static final int LEVEL_4 = 4;

    private final StringBuilder out = new StringBuilder();
    private final TabWriter tabs = TabWriter.forDescribe(out);

    /** Writes {@code String.format(format, args)} after {@code level} indents. */
    void write(int level, String format, Object... args) {
        String text = args.length == 0 ? format : String.format(format, args);
        tabs.write(escape("  ".repeat(level) + text));
    }

    /** Writes the text and a newline, without indentation. */
    void writeLine(String text) {
        tabs.write(escape(text + "\n"));
    }

    /** Ends the current alignment block, as kubectl does before the Events table. */
    void flush() {
        tabs.flush();
    }

    String result() {
        tabs.flush();
        return out.toString();
    }

    private static String escape(String s) {
        if (s.indexOf('\u001b') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\u001b", "^[").replace("\r", "\\r");
    }
}
