package io.jctl.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.api.json.Json;
import io.jctl.api.json.JsonTrees;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The pure arithmetic and bookkeeping of the Deployment controller, as Kubernetes'
 * {@code deployment/util} has it: fenceposts (maxSurge up, maxUnavailable down), the new
 * ReplicaSet's next size, proportions for scaling mid-rollout, revisions and the annotations that
 * carry them, the pod-template-hash, and which ReplicaSet is "new". Nothing here talks to the server.
 */
public final class DeploymentUtil {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    public static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String RECREATE = "Recreate";

    /** Kubernetes' {@code rand.SafeEncodeString} alphabet: no vowels, no look-alikes. */
    static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    /** Longest revision-history annotation Kubernetes keeps (its controller's default). */
    static final int MAX_REVISION_HISTORY_CHARS = 2000;

    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    /** The annotations a new ReplicaSet does not inherit from its Deployment (they are the controller's). */
    private static final List<String> NOT_COPIED = List.of(LAST_APPLIED, REVISION, REVISION_HISTORY,
            DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO);

    private DeploymentUtil() {
    }

    /** The resolved {@code maxSurge} and {@code maxUnavailable} of a rolling update. */
    public record Fenceposts(int maxSurge, int maxUnavailable) {
    }

    // ---- counts -------------------------------------------------------------------------------

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    static long n(Long l) {
        return l == null ? 0 : l;
    }

    /** {@code spec.replicas}; the server defaults it to 1, so does this. */
    public static int replicas(Deployment d) {
        Integer r = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    /** {@code spec.replicas} of a ReplicaSet; the server defaults it to 1, so does this. */
    public static int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec() == null ? null : rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static ReplicaSetStatus status(ReplicaSet rs) {
        return rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    }

    /** Sum of {@code spec.replicas}: the Pods the ReplicaSets are asked for. */
    public static int replicaCount(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += replicas(rs);
            }
        }
        return sum;
    }

    /**
     * Per ReplicaSet the larger of {@code spec.replicas} and {@code status.replicas}: an upper
     * bound of its live Pods even while a scale-down is still being carried out (the spec is
     * already lower, the Pods not yet deleted).
     */
    public static int podsAskedForOrPresent(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += Math.max(replicas(rs), n(status(rs).getReplicas()));
            }
        }
        return sum;
    }

    /** Sum of {@code status.replicas}: the Pods the ReplicaSets have. */
    public static int actualReplicaCount(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += n(status(rs).getReplicas());
            }
        }
        return sum;
    }

    public static int readyReplicaCount(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += n(status(rs).getReadyReplicas());
            }
        }
        return sum;
    }

    public static int availableReplicaCount(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += n(status(rs).getAvailableReplicas());
            }
        }
        return sum;
    }

    /**
     * Available Pods as the rolling arithmetic may count them: each ReplicaSet's
     * {@code status.availableReplicas} but never more than its {@code spec.replicas}. Right after
     * a scale-down the ReplicaSet's status still counts the Pods being deleted; trusting it would
     * let the next step take away Pods that are already going, and availability would dip below
     * the minimum.
     */
    public static int availableWithinSpec(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += Math.min(n(status(rs).getAvailableReplicas()), replicas(rs));
            }
        }
        return sum;
    }

    /** ReplicaSets asked for at least one Pod (nulls dropped). */
    public static List<ReplicaSet> active(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            if (rs != null && replicas(rs) > 0) {
                out.add(rs);
            }
        }
        return out;
    }

    // ---- fenceposts -----------------------------------------------------------------------------

    public static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() != null && ROLLING_UPDATE.equals(d.getSpec().getStrategy().getType());
    }

    public static boolean isRecreate(Deployment d) {
        return d.getSpec().getStrategy() != null && RECREATE.equals(d.getSpec().getStrategy().getType());
    }

    /**
     * An int-or-percent scaled against {@code total}: {@code "25%"} of 10 is 3 rounded up, 2 rounded
     * down; a plain number is itself; null is 0.
     */
    public static int scaledValue(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: \"" + s + "\" is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for IntOrString: \"" + s + "\" is not a percentage", e);
        }
        double v = (double) percent * total / 100.0;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    /**
     * maxSurge rounded up and maxUnavailable rounded down against {@code desired}; when both come
     * out 0 (only possible through rounding), maxUnavailable becomes 1 so the rollout can move
     * even where surging is impossible (quota).
     */
    public static Fenceposts resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaledValue(maxSurge, desired, true);
        int unavailable = scaledValue(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    private static RollingUpdateDeployment rollingUpdate(Deployment d) {
        RollingUpdateDeployment ru = d.getSpec().getStrategy().getRollingUpdate();
        return ru == null ? new RollingUpdateDeployment() : ru;
    }

    /** How many Pods a rolling update may run above {@code spec.replicas}; 0 for Recreate. */
    public static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) {
            return 0;
        }
        RollingUpdateDeployment ru = rollingUpdate(d);
        return resolveFenceposts(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas(d)).maxSurge();
    }

    /** How many Pods a rolling update may have unavailable; never more than {@code spec.replicas}. */
    public static int maxUnavailable(Deployment d) {
        int replicas = replicas(d);
        if (!isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        RollingUpdateDeployment ru = rollingUpdate(d);
        int unavailable = resolveFenceposts(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas).maxUnavailable();
        return Math.min(unavailable, replicas);
    }

    public static int minAvailable(Deployment d) {
        return isRollingUpdate(d) ? replicas(d) - maxUnavailable(d) : 0;
    }

    /**
     * The size the new ReplicaSet may grow to now: for a rolling update as far as the surge
     * allows without passing {@code spec.replicas}; for Recreate all at once.
     */
    public static int newRSNewReplicas(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (isRollingUpdate(d)) {
            int replicas = replicas(d);
            int surge = scaledValue(rollingUpdate(d).getMaxSurge(), replicas, true);
            // Kubernetes counts spec.replicas only; counting Pods an old ReplicaSet has not yet
            // deleted as well keeps the live Pods, not just the requested ones, within the surge.
            int current = podsAskedForOrPresent(allRSs);
            int maxTotal = replicas + surge;
            if (current >= maxTotal) {
                return replicas(newRS);
            }
            int scaleUp = Math.min(maxTotal - current, replicas - replicas(newRS));
            return replicas(newRS) + scaleUp;
        }
        if (isRecreate(d)) {
            return replicas(d);
        }
        throw new IllegalArgumentException("deployment strategy \"" + d.getSpec().getStrategy().getType()
                + "\" isn't supported; use RollingUpdate or Recreate");
    }

    // ---- proportional scaling -------------------------------------------------------------------

    /**
     * The share of {@code toAdd} (negative: to remove) that {@code rs} gets, given what was
     * already handed out: proportional to its size against the Deployment's maximum size when it
     * was last scaled (the max-replicas annotation), never past what is left.
     */
    public static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = replicaSetFraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int replicaSetFraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) {
            return -replicas(rs);
        }
        int maxNow = replicas(d) + maxSurge(d);
        OptionalInt annotated = intAnnotation(rs, MAX_REPLICAS);
        int maxBefore;
        if (annotated.isPresent() && annotated.getAsInt() != 0) {
            maxBefore = annotated.getAsInt();
        } else {
            // Edited by hand or made elsewhere: the Deployment's current size is the best guess.
            maxBefore = d.getStatus() == null ? 0 : n(d.getStatus().getReplicas());
            if (maxBefore == 0) {
                return 0;
            }
        }
        double size = (double) replicas(rs) * maxNow / maxBefore;
        return (int) Math.round(size) - replicas(rs);
    }

    /**
     * The only active ReplicaSet, or the newest one when none is active; null when several are
     * active (then scaling must be proportional).
     */
    public static ReplicaSet findActiveOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(BY_CREATION.reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        all.add(newRS);
        List<ReplicaSet> active = active(all);
        if (active.isEmpty()) {
            return newRS != null ? newRS : newestFirst.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    /** The new ReplicaSet has every desired Pod available and was sized for the current spec. */
    public static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        OptionalInt desired = intAnnotation(rs, DESIRED_REPLICAS);
        if (desired.isEmpty()) {
            return false;
        }
        int replicas = replicas(d);
        return replicas(rs) == replicas && desired.getAsInt() == replicas
                && n(status(rs).getAvailableReplicas()) == replicas;
    }

    // ---- annotations and revisions ------------------------------------------------------------

    static Map<String, String> annotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    static Map<String, String> mutableAnnotations(HasMetadata o) {
        if (o.getMetadata().getAnnotations() == null) {
            o.getMetadata().setAnnotations(new HashMap<>());
        }
        return o.getMetadata().getAnnotations();
    }

    static OptionalInt intAnnotation(HasMetadata o, String key) {
        String v = annotations(o).get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The revision of a ReplicaSet; 0 when missing, -1 when not a number. */
    public static long revision(HasMetadata o) {
        String v = annotations(o).get(REVISION);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static long maxRevision(List<ReplicaSet> rss) {
        long max = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                max = Math.max(max, revision(rs));
            }
        }
        return max;
    }

    /** Sets the desired- and max-replicas annotations; true when either changed. */
    public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = mutableAnnotations(rs);
        boolean changed = false;
        String d = Integer.toString(desired);
        if (!d.equals(a.get(DESIRED_REPLICAS))) {
            a.put(DESIRED_REPLICAS, d);
            changed = true;
        }
        String m = Integer.toString(max);
        if (!m.equals(a.get(MAX_REPLICAS))) {
            a.put(MAX_REPLICAS, m);
            changed = true;
        }
        return changed;
    }

    public static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = annotations(rs);
        return !Integer.toString(desired).equals(a.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(a.get(MAX_REPLICAS));
    }

    /**
     * Copies the Deployment's own annotations (change-cause among them, so each revision keeps
     * its own) onto the new ReplicaSet and raises its revision to {@code newRevision} when
     * lower. A ReplicaSet that already had a revision is being rolled back to: its previous
     * revisions are kept in the revision-history annotation. For a ReplicaSet about to be
     * created ({@code exists} false) the replicas annotations are set too. True when anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        boolean changed = copyDeploymentAnnotations(d, rs);
        Map<String, String> a = mutableAnnotations(rs);
        String oldRevision = a.get(REVISION);
        long oldRev;
        try {
            oldRev = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return changed;
        }
        long newRev = Long.parseLong(newRevision);
        if (oldRev < newRev) {
            a.put(REVISION, newRevision);
            changed = true;
            if (oldRevision != null) {
                Rollback.appendRevisionHistory(a, oldRevision, MAX_REVISION_HISTORY_CHARS);
            }
        }
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private static boolean copyDeploymentAnnotations(Deployment d, ReplicaSet rs) {
        Map<String, String> target = mutableAnnotations(rs);
        boolean changed = false;
        for (Map.Entry<String, String> e : annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || Objects.equals(target.get(e.getKey()), e.getValue())) {
                continue;
            }
            target.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** Whether an annotation key belongs to the controller rather than to the user's revision. */
    static boolean isControllerAnnotation(String key) {
        return NOT_COPIED.contains(key);
    }

    // ---- pod-template-hash and the new ReplicaSet ---------------------------------------------

    /**
     * Kubernetes' {@code controller.ComputeHash}: FNV-32a over the template (here its canonical
     * JSON: keys sorted, nulls dropped), then the collision count as 8 little-endian bytes when
     * set, printed in decimal and mapped character by character onto the safe alphabet.
     */
    public static String podTemplateHash(PodTemplateSpec template, Integer collisionCount) {
        byte[] json = Json.toBytes(canonical(Json.mapper().valueToTree(template)));
        int h = fnv32a(FNV32_OFFSET, json);
        if (collisionCount != null) {
            int c = collisionCount;
            byte[] le = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
            h = fnv32a(h, le);
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    static int fnv32a(int hash, byte[] data) {
        int h = hash;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= FNV32_PRIME;
        }
        return h;
    }

    /** Kubernetes' {@code rand.SafeEncodeString}. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(SAFE_ALPHABET.charAt((b & 0xff) % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }

    /** Keys sorted, nulls dropped: one JSON spelling per content, whatever order it was read in. */
    static JsonNode canonical(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = canonical(e.getValue());
                if (v != null) {
                    sorted.put(e.getKey(), v);
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) {
                JsonNode v = canonical(e);
                out.add(v == null ? JsonNodeFactory.instance.nullNode() : v);
            }
            return out;
        }
        return node;
    }

    /**
     * Whether two templates are the same apart from the pod-template-hash label, as Kubernetes'
     * semantic equality sees it (absent, null and empty maps or lists are all the same).
     */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return JsonTrees.sameContent(templateWithoutHash(a), templateWithoutHash(b));
    }

    private static JsonNode templateWithoutHash(PodTemplateSpec t) {
        JsonNode tree = t == null ? JsonNodeFactory.instance.objectNode() : Json.mapper().valueToTree(t);
        JsonNode labels = tree.path("metadata").path("labels");
        if (labels.isObject()) {
            ((ObjectNode) labels).remove(POD_TEMPLATE_HASH);
        }
        JsonNode pruned = pruneEmpty(tree);
        return pruned == null ? JsonNodeFactory.instance.objectNode() : pruned;
    }

    private static JsonNode pruneEmpty(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = pruneEmpty(e.getValue());
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) {
                JsonNode v = pruneEmpty(e);
                out.add(v == null ? JsonNodeFactory.instance.objectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return node;
    }

    /** The oldest ReplicaSet whose template is the Deployment's: the one the rollout moves to. */
    public static ReplicaSet findNewReplicaSet(Deployment d, List<ReplicaSet> rss) {
        List<ReplicaSet> sorted = new ArrayList<>(rss);
        sorted.sort(BY_CREATION);
        for (ReplicaSet rs : sorted) {
            if (equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                return rs;
            }
        }
        return null;
    }

    /** Every ReplicaSet but the new one. */
    public static List<ReplicaSet> findOldReplicaSets(Deployment d, List<ReplicaSet> rss) {
        ReplicaSet newRS = findNewReplicaSet(d, rss);
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            if (newRS == null || !uid(rs).equals(uid(newRS))) {
                old.add(rs);
            }
        }
        return old;
    }

    /** Sets the Deployment's revision annotation; true when it changed. */
    public static boolean setDeploymentRevision(Deployment d, String revision) {
        if (revision == null || revision.equals(annotations(d).get(REVISION))) {
            return false;
        }
        mutableAnnotations(d).put(REVISION, revision);
        return true;
    }

    // ---- progress -----------------------------------------------------------------------------

    public static boolean hasProgressDeadline(Deployment d) {
        Integer s = d.getSpec().getProgressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    public static boolean hasRevisionHistoryLimit(Deployment d) {
        Integer l = d.getSpec().getRevisionHistoryLimit();
        return l != null && l != Integer.MAX_VALUE;
    }

    /** Every desired replica is updated and available, no old Pod runs, and the spec was observed. */
    public static boolean deploymentComplete(Deployment d, DeploymentStatus s) {
        int replicas = replicas(d);
        return n(s.getUpdatedReplicas()) == replicas && n(s.getReplicas()) == replicas
                && n(s.getAvailableReplicas()) == replicas
                && n(s.getObservedGeneration()) >= n(d.getMetadata().getGeneration());
    }

    /** New Pods came up, became ready or available, or old ones went away since the last status. */
    public static boolean deploymentProgressing(Deployment d, DeploymentStatus now) {
        DeploymentStatus before = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldBefore = n(before.getReplicas()) - n(before.getUpdatedReplicas());
        int oldNow = n(now.getReplicas()) - n(now.getUpdatedReplicas());
        return n(now.getUpdatedReplicas()) > n(before.getUpdatedReplicas())
                || oldNow < oldBefore
                || n(now.getReadyReplicas()) > n(before.getReadyReplicas())
                || n(now.getAvailableReplicas()) > n(before.getAvailableReplicas());
    }

    /**
     * The Progressing condition last reported progress more than progressDeadlineSeconds ago (or
     * already says so). A completed rollout never times out.
     */
    public static boolean deploymentTimedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        var c = DeploymentConditions.get(s, DeploymentConditions.PROGRESSING);
        if (c == null) {
            return false;
        }
        if (DeploymentConditions.NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        Instant from = DeploymentConditions.time(c.getLastUpdateTime());
        if (from == null) {
            return false;
        }
        return from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    // ---- identity and order -------------------------------------------------------------------

    static String uid(HasMetadata o) {
        String u = o.getMetadata().getUid();
        return u == null ? "" : u;
    }

    /** The controller owner reference, or null. */
    public static OwnerReference controllerOf(HasMetadata o) {
        return OwnerKeys.controllerRef(o).orElse(null);
    }

    static Instant created(HasMetadata o) {
        Instant t = DeploymentConditions.time(o.getMetadata().getCreationTimestamp());
        return t == null ? Instant.EPOCH : t;
    }

    private static String name(HasMetadata o) {
        ObjectMeta m = o.getMetadata();
        return m.getName() == null ? "" : m.getName();
    }

    /** Oldest first; equal timestamps (they have second precision) by name. */
    public static final Comparator<ReplicaSet> BY_CREATION =
            Comparator.comparing((ReplicaSet rs) -> created(rs)).thenComparing(DeploymentUtil::name);

    /** Largest first; equal sizes older first (scaling down takes from the old first). */
    public static final Comparator<ReplicaSet> BY_SIZE_OLDER =
            Comparator.comparingInt((ReplicaSet rs) -> -replicas(rs)).thenComparing(BY_CREATION);

    /** Largest first; equal sizes newer first (scaling up gives to the new first). */
    public static final Comparator<ReplicaSet> BY_SIZE_NEWER =
            Comparator.comparingInt((ReplicaSet rs) -> -replicas(rs)).thenComparing(BY_CREATION.reversed());

    /** Lowest revision first; equal revisions by creation. */
    public static final Comparator<ReplicaSet> BY_REVISION =
            Comparator.comparingLong((ReplicaSet rs) -> revision(rs)).thenComparing(BY_CREATION);

    /** A deep copy of a cached object, safe to change. */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T copy(T o) {
        return (T) Json.convert(Json.mapper().valueToTree(o), o.getClass());
    }
}
