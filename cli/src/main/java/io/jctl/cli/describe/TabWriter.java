package io.jctl.cli.describe;

import java.util.ArrayList;
import java.util.List;

/**
 * Elastic tab stops with the settings kubectl's describe output uses (Go's {@code text/tabwriter}
 * with minwidth 0, padding 2, space padding, no flags). A tab ends a cell; the text after a line's
 * last tab belongs to no column. A column's width is set by the run of consecutive lines that have
 * a cell in it, so a line with fewer cells ends the alignment of the columns it lacks.
 */
final class TabWriter {
    private static final int PADDING = 2;

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();

    void write(String text) {
        pending.append(text);
    }

    /** Formats everything written so far; later text is aligned on its own. */
    void flush() {
        if (pending.length() == 0) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        boolean endsWithNewline = text.endsWith("\n");
        String[] rawLines = text.split("\n", -1);
        int count = endsWithNewline ? rawLines.length - 1 : rawLines.length;
        List<String[]> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(rawLines[i].split("\t", -1));
        }
        format(lines, 0, lines.size(), new ArrayList<>(), endsWithNewline);
    }

    String result() {
        flush();
        return out.toString();
    }

    private void format(List<String[]> lines, int from, int to, List<Integer> widths, boolean lastHasNewline) {
        int column = widths.size();
        int unwritten = from;
        int i = from;
        while (i < to) {
            if (column >= lines.get(i).length - 1) {
                i++;
                continue;
            }
            writeLines(lines, unwritten, i, widths, lastHasNewline);
            int width = 0;
            int end = i;
            while (end < to && column < lines.get(end).length - 1) {
                width = Math.max(width, cellWidth(lines.get(end)[column]) + PADDING);
                end++;
            }
            widths.add(width);
            format(lines, i, end, widths, lastHasNewline);
            widths.remove(widths.size() - 1);
            unwritten = end;
            i = end;
        }
        writeLines(lines, unwritten, to, widths, lastHasNewline);
    }

    private void writeLines(List<String[]> lines, int from, int to, List<Integer> widths, boolean lastHasNewline) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - cellWidth(cells[j]))));
                }
            }
            if (i + 1 < lines.size() || lastHasNewline) {
                out.append('\n');
            }
        }
    }

    private static int cellWidth(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
