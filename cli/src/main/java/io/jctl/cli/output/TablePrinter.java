package io.jctl.cli.output;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints server-side Tables as kubectl does (upper-case headers, columns padded with three
 * spaces, priority-1 columns only with -o wide). A first cut, to be replaced.
 */
public final class TablePrinter {
    private TablePrinter() {
    }

    public static void print(List<KindTable> tables, TableOptions options, PrintStream out) {
        for (KindTable t : tables) {
            t.table().path("rows").forEach(r -> out.println(r.path("cells").get(0).asText()));
        }
    }
}
