package io.jctl.apiserver.bench;

import java.util.ArrayList;
import java.util.List;

/** A table rendered either as aligned plain text (the terminal) or as a markdown table. */
final class TextTable {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header, boolean... rightAligned) {
        this.header = List.copyOf(header);
        this.rightAligned = rightAligned;
    }

    void add(List<String> row) {
        rows.add(List.copyOf(row));
    }

    String text() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, width);
        for (int i = 0; i < width.length; i++) {
            b.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        b.append('\n');
        rows.forEach(r -> line(b, r, width));
        return b.toString();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            b.append(right(i) ? " ---: |" : " --- |");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }

    private void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            l.append(i == 0 ? "" : "  ").append(right(i) ? pad + c : c + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private boolean right(int i) {
        return i < rightAligned.length && rightAligned[i];
    }
}
