package io.jctl.cli.output;

import java.util.List;

/**
 * How {@code jctl get} prints tables: {@code -o wide}, {@code --no-headers},
 * {@code --show-labels}, {@code -L key} label columns, a NAMESPACE column (with {@code -A}),
 * kind-prefixed names (several kinds, or {@code all}) and {@code --sort-by} (a JSONPath on the
 * row's object, e.g. {@code .metadata.name}; ask the server for {@code includeObject=Object}
 * then, as kubectl does). {@code labelColumns} may be empty, never null.
 */
public record TableOptions(boolean wide, boolean noHeaders, boolean showLabels, List<String> labelColumns,
                           boolean withNamespace, boolean withKind, String sortBy) {
    public static TableOptions defaults() {
        return new TableOptions(false, false, false, List.of(), false, false, null);
    }
}
