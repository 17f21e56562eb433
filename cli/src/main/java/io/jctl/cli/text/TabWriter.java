package io.jctl.cli.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with the {@code RememberWidths} flag of github.com/liggitt/tabwriter,
 * which kubectl uses. A tab ends a cell; the text after a line's last tab belongs to no column and is
 * never padded. A column's width is set by the run of consecutive lines that have a cell in it, so a
 * line with fewer cells ends the alignment of the columns it lacks, and a line without tabs flushes.
 * Widths count code points, as Go counts runes. Unlike Go, {@code '\v'} and {@code '\f'} are ordinary
 * text, and flushing a line that ends in a tab keeps its empty last cell (so that cell's column is
 * padded); jctl's kubectl-exact outputs rely on both.
 */
public final class TabWriter {
    /** Pads cells on the left so their text ends at the column edge (Go's AlignRight). */
    public static final int ALIGN_RIGHT = 1 << 2;
    /** Gives columns of only empty cells no width (Go's DiscardEmptyColumns). */
    public static final int DISCARD_EMPTY_COLUMNS = 1 << 3;
    /** Pads leading empty cells with tabs, whatever the pad char (Go's TabIndent). */
    public static final int TAB_INDENT = 1 << 4;
    /** Writes '|' between the cells of a line (Go's Debug). */
    public static final int DEBUG = 1 << 5;
    /** Keeps each column's widest width across flushes (liggitt/tabwriter's RememberWidths). */
    public static final int REMEMBER_WIDTHS = 1 << 6;

    private static final int SUPPORTED = ALIGN_RIGHT | DISCARD_EMPTY_COLUMNS | TAB_INDENT | DEBUG | REMEMBER_WIDTHS;

    private final StringBuilder out;
    private final int minWidth;
    private final int tabWidth;
    private final int padding;
    private final char padChar;
    private final int flags;

    private final List<List<String>> lines = new ArrayList<>();
    private List<String> line = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();
    private List<Integer> remembered = new ArrayList<>();

    /**
     * Takes the arguments of Go's {@code tabwriter.NewWriter(output, minwidth, tabwidth, padding,
     * padchar, flags)}; Go's FilterHTML and StripEscape flags are not supported.
     */
    public TabWriter(StringBuilder out, int minWidth, int tabWidth, int padding, char padChar, int flags) {
        if ((flags & ~SUPPORTED) != 0) {
            throw new IllegalArgumentException("unsupported tabwriter flags: " + (flags & ~SUPPORTED));
        }
        if (minWidth < 0 || tabWidth < 0 || padding < 0) {
            throw new IllegalArgumentException("negative tabwriter width");
        }
        this.out = out;
        this.minWidth = minWidth;
        this.tabWidth = tabWidth;
        this.padding = padding;
        this.padChar = padChar;
        // as in Go, tab padding always aligns left
        this.flags = padChar == '\t' ? flags & ~ALIGN_RIGHT : flags;
    }

    /** kubectl get's writer: {@code printers.GetNewTabWriter}, i.e. (6, 4, 3, ' ', RememberWidths). */
    public static TabWriter forGet(StringBuilder out) {
        return new TabWriter(out, 6, 4, 3, ' ', REMEMBER_WIDTHS);
    }

    /** kubectl describe's writer: {@code tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)}. */
    public static TabWriter forDescribe(StringBuilder out) {
        return new TabWriter(out, 0, 8, 2, ' ', 0);
    }

    public void write(String text) {
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
                    // a line's last cell is in no column, so a one-cell line ends every column block
                    flushLines(false);
                }
            } else {
                cell.append(c);
            }
        }
    }

    /** Writes out everything buffered; a trailing partial line is written without a newline. */
    public void flush() {
        flushLines(true);
    }

    /** Forgets column widths remembered across flushes, as kubectl does between kinds. */
    public void resetRememberedWidths() {
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
            int width = minWidth;
            boolean discardable = true;
            for (; t < line1; t++) {
                List<String> l = lines.get(t);
                if (column >= l.size() - 1) {
                    break;
                }
                int cellWidth = width(l.get(column));
                width = Math.max(width, cellWidth + padding);
                if (cellWidth > 0) {
                    discardable = false;
                }
            }
            if (discardable && (flags & DISCARD_EMPTY_COLUMNS) != 0) {
                width = 0;
            }
            if ((flags & REMEMBER_WIDTHS) != 0) {
                width = remember(width);
            }
            widths.add(width);
            format(line0, t, lastPartial);
            widths.remove(widths.size() - 1);
            line0 = t;
        }
        writeLines(line0, line1, lastPartial);
    }

    private int remember(int width) {
        int column = widths.size();
        if (remembered.size() < column) {
            remembered.addAll(widths.subList(remembered.size(), column));
        }
        if (remembered.size() == column) {
            remembered.add(width);
            return width;
        }
        int known = remembered.get(column);
        if (known < width) {
            remembered.set(column, width);
        }
        return Math.max(known, width);
    }

    private void writeLines(int line0, int line1, boolean lastPartial) {
        for (int i = line0; i < line1; i++) {
            List<String> l = lines.get(i);
            boolean useTabs = (flags & TAB_INDENT) != 0;
            for (int j = 0; j < l.size(); j++) {
                if (j > 0 && (flags & DEBUG) != 0) {
                    out.append('|');
                }
                String c = l.get(j);
                boolean padded = j < widths.size();
                if (c.isEmpty()) {
                    if (padded) {
                        pad(0, widths.get(j), useTabs);
                    }
                    continue;
                }
                useTabs = false;
                if ((flags & ALIGN_RIGHT) == 0) {
                    out.append(c);
                    if (padded) {
                        pad(width(c), widths.get(j), false);
                    }
                } else {
                    if (padded) {
                        pad(width(c), widths.get(j), false);
                    }
                    out.append(c);
                }
            }
            if (!(lastPartial && i == lines.size() - 1)) {
                out.append('\n');
            }
        }
    }

    private void pad(int textWidth, int cellWidth, boolean useTabs) {
        if (padChar == '\t' || useTabs) {
            if (tabWidth == 0) {
                return; // tabs have no width, so they cannot pad
            }
            int stop = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
            out.append("\t".repeat((stop - textWidth + tabWidth - 1) / tabWidth));
            return;
        }
        out.append(String.valueOf(padChar).repeat(Math.max(0, cellWidth - textWidth)));
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
