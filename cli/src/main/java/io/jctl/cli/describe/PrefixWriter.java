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
    /** Null for a raw writer. */
    private final TabWriter tabs;

    PrefixWriter() {
        this.tabs = TabWriter.forDescribe(out);
    }

    private PrefixWriter(boolean aligned) {
        this.tabs = aligned ? TabWriter.forDescribe(out) : null;
    }

    /**
     * A writer that keeps the tabs as they are: kubectl's {@code rollout history --revision} and
     * {@code rollout undo --dry-run} print a pod template through a bare {@code NewPrefixWriter(buf)}.
     */
    static PrefixWriter raw() {
        return new PrefixWriter(false);
    }

    /** Writes {@code String.format(format, args)} after {@code level} indents. */
    void write(int level, String format, Object... args) {
        String text = args.length == 0 ? format : String.format(format, args);
        emit(escape("  ".repeat(level) + text));
    }

    /** Writes the text and a newline, without indentation. */
    void writeLine(String text) {
        emit(escape(text + "\n"));
    }

    private void emit(String text) {
        if (tabs == null) {
            out.append(text);
        } else {
            tabs.write(text);
        }
    }

    /** Ends the current alignment block, as kubectl does before the Events table. */
    void flush() {
        if (tabs != null) {
            tabs.flush();
        }
    }

    String result() {
        flush();
        return out.toString();
    }

    private static String escape(String s) {
        if (s.indexOf('\u001b') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\u001b", "^[").replace("\r", "\\r");
    }
}
