package io.jctl.cli.commands;

import java.io.PrintStream;
import java.util.List;

/** Client-side tables (contexts, api-resources) laid out like kubectl's: columns three spaces apart. */
final class TextColumns {
    private TextColumns() {
    }

    static void print(List<String[]> rows, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < cols; i++) {
                String cell = r[i] == null ? "" : r[i];
                sb.append(cell);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - cell.length() + 3));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
