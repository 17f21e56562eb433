package io.jctl.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as kubectl configures it (github.com/liggitt/tabwriter with minwidth 6,
 * padding 3, pad char ' ', RememberWidths): tab-terminated cells are padded to their column's
 * widest cell plus three, at least six; a line's last cell is never padded. Column blocks,
 * flushing at lines without tabs, and remembered widths follow Go's algorithm, so odd input
 * (a tab inside a cell) lays out as kubectl's does.
 */
final class TabWriter {
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private final StringBuilder out;
    private final List<List<String>> lines = new ArrayList<>();
    private List<String> line = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();
    private List<Integer> remembered = new ArrayList<>();

    TabWriter(StringBuilder out) {
        this.out = out;
    }

    void write(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                line.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                line.add(cell.toString());
                cell.setLength(0);
                int cells = line.size();
                lines.add(line);
                line = new ArrayList<>();
                if (cells == 1) {
                    // a line without tabs ends every column block
                    flushLines(false);
                }
            } else {
                cell.append(c);
            }
        }
    }

    /** Writes out everything buffered; a trailing partial line is written without a newline. */
    void flush() {
        flushLines(true);
    }

    /** Forgets column widths remembered across flushes, as kubectl does between kinds. */
    void resetRememberedWidths() {
        remembered = new ArrayList<>();
    }

    private void flushLines(boolean includePartial) {
        boolean partial = includePartial && (cell.length() > 0 || !line.isEmpty());
        if (partial) {
            line.add(cell.toString());
            cell.setLength(0);
            lines.add(line);
            line = new ArrayList<>();
        }
        format(0, lines.size(), partial);
        lines.clear();
        widths.clear();
    }

    private void format(int line0, int line1, boolean lastPartial) {
        int column = widths.size();
        for (int t = line0; t < line1; t++) {
            if (column >= lines.get(t).size() - 1) {
                continue;
            }
            writeLines(line0, t, lastPartial);
            line0 = t;
            int width = MIN_WIDTH;
            for (; t < line1; t++) {
                List<String> l = lines.get(t);
                if (column >= l.size() - 1) {
                    break;
                }
                int w = width(l.get(column)) + PADDING;
                if (w > width) {
                    width = w;
                }
            }
            if (remembered.size() < widths.size()) {
                remembered.addAll(widths.subList(remembered.size(), widths.size()));
            }
            if (remembered.size() == widths.size()) {
                remembered.add(width);
            } else if (remembered.get(widths.size()) > width) {
                width = remembered.get(widths.size());
            } else if (remembered.get(widths.size()) < width) {
                remembered.set(widths.size(), width);
            }
            widths.add(width);
            format(line0, t, lastPartial);
            widths.remove(widths.size() - 1);
            line0 = t;
        }
        writeLines(line0, line1, lastPartial);
    }

    private void writeLines(int line0, int line1, boolean lastPartial) {
        for (int i = line0; i < line1; i++) {
            List<String> l = lines.get(i);
            for (int j = 0; j < l.size(); j++) {
                String c = l.get(j);
                out.append(c);
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - width(c))));
                }
            }
            if (!(lastPartial && i == lines.size() - 1)) {
                out.append('\n');
            }
        }
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
