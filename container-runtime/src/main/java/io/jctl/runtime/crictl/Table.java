package io.jctl.runtime.crictl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns laid out as crictl's Go tabwriter does them (minimum width 20, padding 3): every
 * column but the last is padded to its widest cell plus three, at least twenty characters.
 */
final class Table {
    private static final int MIN_WIDTH = 20;
    private static final int PADDING = 3;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintStream out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                width[i] = Math.max(width[i], Math.max(MIN_WIDTH, r[i].length() + PADDING));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length()));
                }
            }
            out.println(sb);
        }
    }
}
