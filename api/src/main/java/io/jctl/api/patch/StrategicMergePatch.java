package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.patch.PatchSchema.FieldStrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Strategic merge patch as apimachinery's {@code strategicpatch}: maps merge recursively,
 * {@code null} deletes, lists with a merge key (see {@link PatchSchema}) merge element by
 * element, lists of scalars with strategy merge merge as sets, other lists are replaced. The
 * directives {@code $patch}, {@code $setElementOrder/<list>}, {@code $retainKeys} and
 * {@code $deleteFromPrimitiveList/<list>} are understood.
 *
 * <p>Unlike Kubernetes, {@code $patch: merge} is accepted (it is the default behaviour), deleting
 * from a primitive list that does not exist is a no-op, and directive keys or nulls copied from
 * the patch never reach the result (Kubernetes drops them when it decodes into its Go types).
 */
public final class StrategicMergePatch {
    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {
    }

    private record DiffOptions(boolean setElementOrder, boolean ignoreChangesAndAdditions, boolean ignoreDeletions,
                               boolean buildRetainKeys) {
        DiffOptions withRetainKeys(boolean retain) {
            return new DiffOptions(setElementOrder, ignoreChangesAndAdditions, ignoreDeletions, retain);
        }
    }

    /**
     * {@code mergeParallelLists}: apply $deleteFromPrimitiveList and $setElementOrder (server side)
     * rather than carry them along (when merging two patches into one); {@code dropNulls}: a null
     * deletes the field instead of being kept as an explicit deletion.
     */
    private record MergeOptions(boolean mergeParallelLists, boolean dropNulls) {
    }

    private static final MergeOptions APPLY = new MergeOptions(true, true);
    private static final MergeOptions COMBINE_PATCHES = new MergeOptions(false, false);

    /** The original with the patch applied, for an object of the given kind; inputs are not changed. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, String kind) {
        Objects.requireNonNull(patch, "patch");
        PatchSchema schema = PatchSchema.forKind(kind);
        ObjectNode base = original == null ? NODES.objectNode() : original.deepCopy();
        ObjectNode result = mergeMap(base, patch.deepCopy(), "", schema, APPLY);
        stripDirectivesAndNulls(result);
        return result;
    }

    /** A patch that turns {@code original} into {@code modified} (with $setElementOrder for merged lists). */
    public static ObjectNode createTwoWayPatch(ObjectNode original, ObjectNode modified, String kind) {
        PatchSchema schema = PatchSchema.forKind(kind);
        return diffMaps(orEmpty(original), orEmpty(modified), "", schema, new DiffOptions(true, false, false, false));
    }

    /**
     * The patch kubectl's client-side apply sends: {@code original} is the last-applied
     * configuration, {@code modified} the new configuration and {@code current} the live object.
     * Fields in original but not in modified are deleted, fields that differ from current are set
     * to modified's values, and fields only current has (set by others) are left alone.
     */
    public static ObjectNode createThreeWayPatch(ObjectNode original, ObjectNode modified, ObjectNode current, String kind) {
        PatchSchema schema = PatchSchema.forKind(kind);
        ObjectNode delta = diffMaps(orEmpty(current), orEmpty(modified), "", schema, new DiffOptions(true, false, true, false));
        ObjectNode deletions = diffMaps(orEmpty(original), orEmpty(modified), "", schema, new DiffOptions(true, true, false, false));
        return mergeMap(deletions, delta, "", schema, COMBINE_PATCHES);
    }

    private static ObjectNode orEmpty(ObjectNode node) {
        return node == null ? NODES.objectNode() : node;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(String path) {
        return path.isEmpty() ? "at the top level" : "at " + path;
    }

    // ---------------------------------------------------------------- creating patches

    private static ObjectNode diffMaps(ObjectNode original, ObjectNode modified, String path, PatchSchema schema, DiffOptions opts) {
        ObjectNode patch = NODES.objectNode();
        List<String> retainKeys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : modified.properties()) {
            String key = e.getKey();
            JsonNode modifiedValue = e.getValue();
            if (opts.buildRetainKeys && !modifiedValue.isNull()) {
                retainKeys.add(key);
            }
            JsonNode originalValue = original.get(key);
            if (originalValue == null) {
                if (!opts.ignoreChangesAndAdditions) {
                    patch.set(key, modifiedValue.deepCopy());
                }
                continue;
            }
            if (key.equals(DIRECTIVE)) {
                if (!originalValue.isTextual() || !modifiedValue.isTextual()) {
                    throw new PatchException("invalid value for special key " + DIRECTIVE + " " + at(path));
                }
                if (!originalValue.equals(modifiedValue)) {
                    patch.set(key, modifiedValue.deepCopy());
                }
                continue;
            }
            if (!JsonValues.type(originalValue).equals(JsonValues.type(modifiedValue))) {
                if (!opts.ignoreChangesAndAdditions) {
                    patch.set(key, modifiedValue.deepCopy());
                }
                continue;
            }
            String fieldPath = child(path, key);
            if (originalValue.isObject()) {
                FieldStrategy fs = schema.lookup(fieldPath);
                ObjectNode nested = diffMaps((ObjectNode) originalValue, (ObjectNode) modifiedValue, fieldPath, schema,
                        opts.withRetainKeys(fs.retainKeys()));
                if (!nested.isEmpty()) {
                    patch.set(key, nested);
                }
            } else if (originalValue.isArray()) {
                diffSliceInto(key, (ArrayNode) originalValue, (ArrayNode) modifiedValue, patch, fieldPath, schema, opts);
            } else if (!opts.ignoreChangesAndAdditions && !JsonValues.equal(originalValue, modifiedValue)) {
                patch.set(key, modifiedValue.deepCopy());
            }
        }
        if (!opts.ignoreDeletions) {
            for (Map.Entry<String, JsonNode> e : original.properties()) {
                if (!modified.has(e.getKey())) {
                    patch.putNull(e.getKey());
                }
            }
        }
        if (!retainKeys.isEmpty() && (!patch.isEmpty() || hasAdditionalNonNullField(original, modified))) {
            retainKeys.sort(Comparator.naturalOrder());
            ArrayNode list = patch.putArray(RETAIN_KEYS);
            retainKeys.forEach(list::add);
        }
        return patch;
    }

    private static boolean hasAdditionalNonNullField(ObjectNode original, ObjectNode modified) {
        for (Map.Entry<String, JsonNode> e : original.properties()) {
            if (!e.getValue().isNull() && !modified.has(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    private static void diffSliceInto(String key, ArrayNode original, ArrayNode modified, ObjectNode patch, String path,
                                      PatchSchema schema, DiffOptions opts) {
        FieldStrategy fs = schema.lookup(path);
        if (!fs.merge()) {
            if (!opts.ignoreChangesAndAdditions && !JsonValues.equal(original, modified)) {
                patch.set(key, modified.deepCopy());
            }
            return;
        }
        DiffOptions listOpts = opts.withRetainKeys(fs.retainKeys());
        String mergeKey = fs.mergeKey() == null ? "" : fs.mergeKey();
        List<JsonNode> addList = new ArrayList<>();
        List<JsonNode> deleteList = new ArrayList<>();
        List<JsonNode> setOrderList = new ArrayList<>();
        diffLists(list(original), list(modified), path, mergeKey, schema, listOpts, addList, deleteList, setOrderList);
        if (!addList.isEmpty()) {
            patch.set(key, array(addList));
        }
        if (!deleteList.isEmpty()) {
            patch.set(DELETE_FROM_PRIMITIVE_LIST + "/" + key, array(deleteList));
        }
        if (!setOrderList.isEmpty()) {
            patch.set(SET_ELEMENT_ORDER + "/" + key, array(setOrderList));
        }
    }

    private static void diffLists(List<JsonNode> original, List<JsonNode> modified, String path, String mergeKey,
                                  PatchSchema schema, DiffOptions opts,
                                  List<JsonNode> patchOut, List<JsonNode> deleteOut, List<JsonNode> setOrderOut) {
        if (original.isEmpty()) {
            if (!modified.isEmpty() && !opts.ignoreChangesAndAdditions) {
                modified.forEach(v -> patchOut.add(v.deepCopy()));
            }
            return;
        }
        String kind = elementType(path, original, modified);
        if (kind.equals("object")) {
            List<JsonNode> deletions = new ArrayList<>();
            List<JsonNode> patchList = diffListsOfMaps(original, modified, path, mergeKey, schema, opts, deletions);
            patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind, path);
            boolean orderSame = isOrderSame(original, modified, mergeKey, path);
            patchList.addAll(deletions);
            patchOut.addAll(patchList);
            if (opts.setElementOrder && ((!opts.ignoreChangesAndAdditions && (!patchList.isEmpty() || !orderSame))
                    || (!opts.ignoreDeletions && !patchList.isEmpty()))) {
                for (JsonNode v : modified) {
                    ObjectNode item = NODES.objectNode();
                    item.set(mergeKey, v.get(mergeKey).deepCopy());
                    setOrderOut.add(item);
                }
            }
        } else {
            List<JsonNode> deletions = new ArrayList<>();
            List<JsonNode> patchList = diffListsOfScalars(original, modified, opts, deletions);
            patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind, path);
            patchOut.addAll(patchList);
            deleteOut.addAll(deletions);
            if (opts.setElementOrder && ((!opts.ignoreDeletions && !deletions.isEmpty())
                    || (!opts.ignoreChangesAndAdditions && !JsonValues.equal(array(original), array(modified))))) {
                modified.forEach(v -> setOrderOut.add(v.deepCopy()));
            }
        }
    }

    private static boolean isOrderSame(List<JsonNode> original, List<JsonNode> modified, String mergeKey, String path) {
        if (original.size() != modified.size()) {
            return false;
        }
        for (int i = 0; i < modified.size(); i++) {
            if (!mergeKeyValueEqual(original.get(i), modified.get(i), mergeKey, path)) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> diffListsOfScalars(List<JsonNode> original, List<JsonNode> modified, DiffOptions opts,
                                                     List<JsonNode> deletionsOut) {
        List<JsonNode> originalSorted = sortScalars(original);
        List<JsonNode> modifiedSorted = sortScalars(modified);
        List<JsonNode> additions = new ArrayList<>();
        List<JsonNode> deletions = new ArrayList<>();
        int oi = 0;
        int mi = 0;
        while (oi < originalSorted.size() || mi < modifiedSorted.size()) {
            boolean oIn = oi < originalSorted.size();
            boolean mIn = mi < modifiedSorted.size();
            String o = oIn ? JsonValues.text(originalSorted.get(oi)) : null;
            String m = mIn ? JsonValues.text(modifiedSorted.get(mi)) : null;
            if (oIn && mIn && o.equals(m)) {
                oi++;
                mi++;
            } else if (!oIn || (mIn && o.compareTo(m) > 0)) {
                if (!opts.ignoreChangesAndAdditions) {
                    additions.add(modifiedSorted.get(mi).deepCopy());
                }
                mi++;
            } else {
                if (!opts.ignoreDeletions) {
                    deletions.add(originalSorted.get(oi).deepCopy());
                }
                oi++;
            }
        }
        deletionsOut.addAll(deduplicateScalars(deletions));
        return additions;
    }

    private static List<JsonNode> diffListsOfMaps(List<JsonNode> original, List<JsonNode> modified, String path,
                                                  String mergeKey, PatchSchema schema, DiffOptions opts,
                                                  List<JsonNode> deletionsOut) {
        List<JsonNode> patch = new ArrayList<>();
        List<JsonNode> originalSorted = sortByMergeKey(original, mergeKey, path);
        List<JsonNode> modifiedSorted = sortByMergeKey(modified, mergeKey, path);
        int oi = 0;
        int mi = 0;
        while (oi < originalSorted.size() || mi < modifiedSorted.size()) {
            boolean oIn = oi < originalSorted.size();
            boolean mIn = mi < modifiedSorted.size();
            ObjectNode o = oIn ? (ObjectNode) originalSorted.get(oi) : null;
            ObjectNode m = mIn ? (ObjectNode) modifiedSorted.get(mi) : null;
            String ok = oIn ? JsonValues.text(o.get(mergeKey)) : null;
            String mk = mIn ? JsonValues.text(m.get(mergeKey)) : null;
            if (oIn && mIn && ok.equals(mk)) {
                ObjectNode value = diffMaps(o, m, path, schema, opts);
                if (!value.isEmpty()) {
                    ObjectNode withKey = NODES.objectNode();
                    withKey.set(mergeKey, m.get(mergeKey).deepCopy());
                    withKey.setAll(value);
                    patch.add(withKey);
                }
                oi++;
                mi++;
            } else if (!oIn || (mIn && ok.compareTo(mk) > 0)) {
                if (!opts.ignoreChangesAndAdditions) {
                    patch.add(m.deepCopy());
                }
                mi++;
            } else {
                if (!opts.ignoreDeletions) {
                    deletionsOut.add(deleteDirective(mergeKey, o.get(mergeKey)));
                }
                oi++;
            }
        }
        return patch;
    }

    private static ObjectNode deleteDirective(String mergeKey, JsonNode value) {
        ObjectNode d = NODES.objectNode();
        d.put(DIRECTIVE, "delete");
        d.set(mergeKey, value.deepCopy());
        return d;
    }

    private static List<JsonNode> sortByMergeKey(List<JsonNode> list, String mergeKey, String path) {
        for (JsonNode v : list) {
            requireMergeKey(v, mergeKey, path);
        }
        List<JsonNode> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(v -> JsonValues.text(v.get(mergeKey))));
        return sorted;
    }

    private static List<JsonNode> sortScalars(List<JsonNode> list) {
        List<JsonNode> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(JsonValues::text));
        return sorted;
    }

    // ---------------------------------------------------------------- applying (and combining) patches

    /** Merges the patch into original, changing both (callers pass copies). */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path, PatchSchema schema, MergeOptions opts) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            String d = directive.isTextual() ? directive.textValue() : String.valueOf(directive);
            switch (d) {
                case "replace":
                    patch.remove(DIRECTIVE);
                    return patch;
                case "delete":
                    return NODES.objectNode();
                case "merge":
                    patch.remove(DIRECTIVE);
                    break;
                default:
                    throw new PatchException("unknown patch directive " + DIRECTIVE + ": " + directive + " in map " + at(path)
                            + "; expected replace, merge or delete");
            }
        }
        applyRetainKeys(original, patch, path, opts);
        mergeOrderedLists(original, patch, path, schema, opts);

        for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
            String key = e.getKey();
            JsonNode patchValue = e.getValue();
            boolean isDeleteList = false;
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                if (!opts.mergeParallelLists) {
                    original.set(key, patchValue);
                    continue;
                }
                key = listKey(key, DELETE_FROM_PRIMITIVE_LIST, path);
                isDeleteList = true;
                if (!original.has(key)) {
                    continue;
                }
            }
            if (patchValue.isNull()) {
                original.remove(key);
                if (opts.dropNulls) {
                    continue;
                }
            }
            JsonNode originalValue = original.get(key);
            if (originalValue == null || !JsonValues.type(originalValue).equals(JsonValues.type(patchValue))) {
                original.set(key, patchValue);
                continue;
            }
            String fieldPath = child(path, key);
            FieldStrategy fs = schema.lookup(fieldPath);
            if (originalValue.isObject()) {
                original.set(key, mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, fieldPath, schema, opts));
            } else if (originalValue.isArray()) {
                original.set(key, mergeSliceHandler((ArrayNode) originalValue, (ArrayNode) patchValue, fieldPath, fs,
                        isDeleteList, schema, opts));
            } else {
                original.set(key, patchValue);
            }
        }
        return original;
    }

    private static void applyRetainKeys(ObjectNode original, ObjectNode patch, String path, MergeOptions opts) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!opts.mergeParallelLists) {
            JsonNode existing = original.get(RETAIN_KEYS);
            if (existing == null) {
                original.set(RETAIN_KEYS, retain);
            } else if (!JsonValues.equal(existing, retain)) {
                throw new PatchException("conflicting " + RETAIN_KEYS + " directives " + at(path) + ": " + existing + " and " + retain);
            }
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch " + at(path) + ": " + RETAIN_KEYS + " must be a list of field names");
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode v : retain) {
            keep.add(v.isTextual() ? v.textValue() : v.toString());
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw new PatchException("invalid patch " + at(path) + ": field \"" + k + "\" is set but missing from "
                        + RETAIN_KEYS + " " + retain);
            }
        }
        Iterator<String> names = original.fieldNames();
        while (names.hasNext()) {
            if (!keep.contains(names.next())) {
                names.remove();
            }
        }
    }

    /** Handles each {@code $setElementOrder/<list>} together with its list (precedence: that order, then patch, then live). */
    private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, String path, PatchSchema schema, MergeOptions opts) {
        for (String key : new ArrayList<>(fieldNames(patch))) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(key);
            if (!opts.mergeParallelLists) {
                JsonNode existing = original.get(key);
                if (existing == null) {
                    original.set(key, order);
                } else if (!JsonValues.equal(existing, order)) {
                    throw new PatchException("conflicting " + key + " directives " + at(path));
                }
            }
            if (!order.isArray()) {
                throw new PatchException("invalid patch " + at(path) + ": " + key + " must be a list");
            }
            String listKey = listKey(key, SET_ELEMENT_ORDER, path);
            String fieldPath = child(path, listKey);
            JsonNode originalList = original.get(listKey);
            JsonNode patchList = patch.get(listKey);
            if (originalList != null && !originalList.isArray()) {
                throw new PatchException("invalid patch " + at(fieldPath) + ": " + key + " given for a field that is not a list");
            }
            if (patchList != null && !patchList.isArray()) {
                throw new PatchException("invalid patch " + at(fieldPath) + ": " + key + " given but the patch value is not a list");
            }
            FieldStrategy fs = schema.lookup(fieldPath);
            String mergeKey = fs.mergeKey() == null ? "" : fs.mergeKey();
            List<JsonNode> orderList = list((ArrayNode) order);
            List<JsonNode> originalValues = originalList == null ? List.of() : list((ArrayNode) originalList);
            List<JsonNode> patchValues = patchList == null ? List.of() : list((ArrayNode) patchList);
            validatePatchWithSetOrderList(patchValues, orderList, mergeKey, fieldPath);

            List<JsonNode> merged;
            if (originalList != null && patchList == null) {
                merged = originalValues;
            } else if (originalList == null && patchList != null) {
                merged = patchValues;
            } else if (originalList != null) {
                merged = list(mergeSliceHandler((ArrayNode) originalList, (ArrayNode) patchList, fieldPath, fs, false, schema, opts));
            } else {
                continue;
            }
            if (merged.isEmpty()) {
                original.set(listKey, NODES.arrayNode());
                patch.remove(listKey);
                continue;
            }
            List<JsonNode> patchItems = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            partition(merged, orderList, mergeKey, fieldPath, patchItems, serverOnly);
            List<JsonNode> all = new ArrayList<>(originalValues);
            all.addAll(patchValues);
            String kind = elementType(fieldPath, all);
            original.set(listKey, array(normalizeElementOrder(patchItems, serverOnly, orderList, originalValues, mergeKey, kind, fieldPath)));
            patch.remove(listKey);
        }
    }

    private static void validatePatchWithSetOrderList(List<JsonNode> patchList, List<JsonNode> order, String mergeKey, String path) {
        if (order.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = new ArrayList<>();
        if (!mergeKey.isEmpty()) {
            for (JsonNode v : patchList) {
                if (!v.isObject()) {
                    throw new PatchException("invalid patch " + at(path) + ": list element " + v + " is not an object");
                }
                if (!"delete".equals(v.path(DIRECTIVE).asText(null))) {
                    nonDelete.add(v);
                }
            }
        } else {
            nonDelete.addAll(patchList);
        }
        int pi = 0;
        int si = 0;
        while (pi < nonDelete.size() && si < order.size()) {
            if (nonDelete.get(pi).isObject() && nonDelete.get(pi).has(DIRECTIVE)) {
                pi++;
                continue;
            }
            if (mergeKeyValueEqual(nonDelete.get(pi), order.get(si), mergeKey, path)) {
                pi++;
            }
            si++;
        }
        if (pi < nonDelete.size()) {
            throw new PatchException("invalid patch " + at(path) + ": the order of the patch list " + array(patchList)
                    + " doesn't match the " + SET_ELEMENT_ORDER + " list " + array(order));
        }
    }

    private static ArrayNode mergeSliceHandler(ArrayNode original, ArrayNode patch, String path, FieldStrategy fs,
                                               boolean isDeleteList, PatchSchema schema, MergeOptions opts) {
        if (!fs.merge()) {
            return patch;
        }
        String mergeKey = fs.mergeKey() == null ? "" : fs.mergeKey();
        return array(mergeSlice(list(original), list(patch), path, mergeKey, isDeleteList, schema, opts));
    }

    private static List<JsonNode> mergeSlice(List<JsonNode> original, List<JsonNode> patch, String path, String mergeKey,
                                             boolean isDeleteList, PatchSchema schema, MergeOptions opts) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        List<JsonNode> all = new ArrayList<>(original);
        all.addAll(patch);
        String kind = elementType(path, all);
        List<JsonNode> merged;
        if (!kind.equals("object")) {
            if (opts.mergeParallelLists && isDeleteList) {
                return deleteFromSlice(original, patch);
            }
            merged = deduplicateScalars(all);
        } else {
            if (mergeKey.isEmpty()) {
                throw new PatchException("cannot merge lists of objects without a merge key " + at(path));
            }
            List<JsonNode> patchWithout = new ArrayList<>();
            boolean replace = false;
            List<JsonNode> base = new ArrayList<>(original);
            for (JsonNode v : patch) {
                JsonNode directive = v.get(DIRECTIVE);
                if (directive == null) {
                    patchWithout.add(v);
                    continue;
                }
                switch (directive.asText()) {
                    case "delete" -> {
                        JsonNode value = v.get(mergeKey);
                        if (value == null) {
                            throw new PatchException("invalid patch " + at(path) + ": element " + v + " with "
                                    + DIRECTIVE + ": delete has no merge key \"" + mergeKey + "\"");
                        }
                        base.removeIf(item -> {
                            requireObject(item, path);
                            return item.has(mergeKey) && JsonValues.equal(item.get(mergeKey), value);
                        });
                    }
                    case "replace" -> replace = true;
                    case "merge" -> {
                        ObjectNode copy = ((ObjectNode) v).deepCopy();
                        copy.remove(DIRECTIVE);
                        patchWithout.add(copy);
                    }
                    default -> throw new PatchException("unknown patch directive " + DIRECTIVE + ": " + directive
                            + " in list element " + at(path) + "; expected replace, merge or delete");
                }
            }
            if (replace) {
                base = patchWithout;
                patch = List.of();
            } else {
                patch = patchWithout;
            }
            original = base;
            merged = new ArrayList<>(original);
            for (JsonNode v : patch) {
                JsonNode value = requireMergeKey(v, mergeKey, path);
                int found = indexOfKey(merged, mergeKey, value, path);
                if (found >= 0) {
                    merged.set(found, mergeMap((ObjectNode) merged.get(found), (ObjectNode) v, path, schema, opts));
                } else {
                    merged.add(v);
                }
            }
        }
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        partition(merged, patch, mergeKey, path, patchItems, serverOnly);
        return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind, path);
    }

    private static List<JsonNode> deleteFromSlice(List<JsonNode> current, List<JsonNode> toDelete) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode v : current) {
            if (toDelete.stream().noneMatch(d -> JsonValues.equal(d, v))) {
                kept.add(v);
            }
        }
        return kept;
    }

    private static int indexOfKey(List<JsonNode> list, String mergeKey, JsonNode value, String path) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            requireObject(item, path);
            if (item.has(mergeKey) && JsonValues.equal(item.get(mergeKey), value)) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- ordering

    private static void partition(List<JsonNode> merged, List<JsonNode> by, String mergeKey, String path,
                                  List<JsonNode> inBy, List<JsonNode> notInBy) {
        for (JsonNode v : merged) {
            boolean found;
            if (mergeKey.isEmpty()) {
                found = by.stream().anyMatch(b -> JsonValues.equal(b, v));
            } else {
                found = indexOfKey(by, mergeKey, requireMergeKey(v, mergeKey, path), path) >= 0;
            }
            (found ? inBy : notInBy).add(v);
        }
    }

    /** Orders patch items by patchOrder and server-only items by serverOrder, then interleaves them. */
    private static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly,
                                                        List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                                                        String mergeKey, String kind, String path) {
        List<JsonNode> p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind, path);
        List<JsonNode> s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind, path);
        return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
    }

    /**
     * Inserts each server-only item (left) among the patch items (right), before the first patch
     * item it precedes in the live list; relative orders within each side are kept.
     */
    private static List<JsonNode> mergeSortedSlice(List<JsonNode> left, List<JsonNode> right, List<JsonNode> serverOrder,
                                                   String mergeKey, String kind) {
        List<JsonNode> out = new ArrayList<>(left.size() + right.size());
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                out.add(right.get(j++));
            } else if (j >= right.size()) {
                out.add(left.get(i++));
            } else {
                int li = index(serverOrder, left.get(i), mergeKey, kind);
                int ri = index(serverOrder, right.get(j), mergeKey, kind);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    /**
     * Sorts by position in {@code order}, delete directives last. The comparison is the one of
     * {@code normalizeSliceOrder} (an item missing from the order moves forward), applied by a
     * stable insertion sort as Go's {@code sort.SliceStable} does for short lists.
     */
    private static List<JsonNode> normalizeSliceOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey,
                                                      String kind, String path) {
        List<JsonNode> items = new ArrayList<>();
        List<JsonNode> toDelete = new ArrayList<>();
        if (kind.equals("object")) {
            for (JsonNode v : order) {
                requireMergeKey(v, mergeKey, path);
            }
            for (JsonNode v : toSort) {
                requireMergeKey(v, mergeKey, path);
                if ("delete".equals(v.path(DIRECTIVE).asText(null))) {
                    toDelete.add(v);
                } else {
                    items.add(v);
                }
            }
        } else {
            items.addAll(toSort);
        }
        for (int i = 1; i < items.size(); i++) {
            for (int j = i; j > 0 && less(items.get(j), items.get(j - 1), order, mergeKey, kind); j--) {
                JsonNode tmp = items.get(j);
                items.set(j, items.get(j - 1));
                items.set(j - 1, tmp);
            }
        }
        items.addAll(toDelete);
        return items;
    }

    private static boolean less(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, String kind) {
        int ia = index(order, a, mergeKey, kind);
        if (ia >= 0) {
            int ib = index(order, b, mergeKey, kind);
            if (ib >= 0) {
                return ia < ib;
            }
        }
        return true;
    }

    private static int index(List<JsonNode> list, JsonNode value, String mergeKey, String kind) {
        JsonNode wanted = kind.equals("object") ? value.get(mergeKey) : value;
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = kind.equals("object") ? list.get(i).get(mergeKey) : list.get(i);
            if (JsonValues.equal(wanted, candidate)) {
                return i;
            }
        }
        return -1;
    }

    /** Removes duplicates the way apimachinery does (moving the last element into each hole). */
    private static List<JsonNode> deduplicateScalars(List<JsonNode> in) {
        List<JsonNode> s = new ArrayList<>(in);
        int length = s.size() - 1;
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j <= length; j++) {
                if (JsonValues.equal(s.get(i), s.get(j))) {
                    s.set(j, s.get(length));
                    s.remove(length);
                    length--;
                    j--;
                }
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey, String path) {
        if (mergeKey.isEmpty()) {
            return JsonValues.equal(left, right);
        }
        return JsonValues.equal(requireMergeKey(left, mergeKey, path), requireMergeKey(right, mergeKey, path));
    }

    private static JsonNode requireMergeKey(JsonNode item, String mergeKey, String path) {
        requireObject(item, path);
        JsonNode value = item.get(mergeKey);
        if (value == null) {
            throw new PatchException("list element " + item + " " + at(path) + " does not contain its merge key \"" + mergeKey + "\"");
        }
        return value;
    }

    private static void requireObject(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new PatchException("list element " + item + " " + at(path) + " is not an object, but the list merges by key");
        }
    }

    /** The JSON type shared by all elements; mixed types and lists of lists cannot be merged. */
    private static String elementType(String path, List<JsonNode> values) {
        String type = null;
        for (JsonNode v : values) {
            String t = JsonValues.type(v);
            if (t.equals("array")) {
                throw new PatchException("cannot merge lists of lists " + at(path));
            }
            if (type == null) {
                type = t;
            } else if (!type.equals(t)) {
                throw new PatchException("list elements " + at(path) + " are not all of one type (" + type + " and " + t + ")");
            }
        }
        return type == null ? "null" : type;
    }

    private static String elementType(String path, List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return elementType(path, all);
    }

    private static String listKey(String directiveKey, String prefix, String path) {
        int slash = directiveKey.indexOf('/');
        if (slash < 0 || !directiveKey.substring(0, slash).equals(prefix) || slash == directiveKey.length() - 1) {
            throw new PatchException("invalid patch " + at(path) + ": directive \"" + directiveKey + "\" must have the form "
                    + prefix + "/<list field>");
        }
        return directiveKey.substring(slash + 1);
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> list(ArrayNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode(items.size());
        items.forEach(a::add);
        return a;
    }

    /** Removes what a typed Kubernetes object could not hold: directive keys and null members. */
    private static void stripDirectivesAndNulls(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) node).properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (e.getValue().isNull() || k.equals(DIRECTIVE) || k.equals(RETAIN_KEYS)
                        || k.startsWith(SET_ELEMENT_ORDER + "/") || k.startsWith(DELETE_FROM_PRIMITIVE_LIST + "/")) {
                    it.remove();
                } else {
                    stripDirectivesAndNulls(e.getValue());
                }
            }
        } else if (node.isArray()) {
            Iterator<JsonNode> it = node.elements();
            while (it.hasNext()) {
                JsonNode v = it.next();
                String d = v.isObject() ? v.path(DIRECTIVE).asText(null) : null;
                if ("delete".equals(d) || ("replace".equals(d) && v.size() == 1)) {
                    it.remove();
                } else {
                    stripDirectivesAndNulls(v);
                }
            }
        }
    }
}
