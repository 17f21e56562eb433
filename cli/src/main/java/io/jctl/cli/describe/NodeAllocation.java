package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/**
 * A node's {@code Non-terminated Pods} table and {@code Allocated resources}: each pod's cpu and
 * memory requests and limits and their share of what the node can allocate, then the totals.
 */
final class NodeAllocation {
    private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage");

    private NodeAllocation() {
    }

    static void describe(List<ObjectNode> pods, Map<String, String> allocatableText, PrefixWriter w, DescribeContext ctx) {
        Map<String, Quantity> allocatable = new TreeMap<>();
        allocatableText.forEach((k, v) -> allocatable.put(k, Quantity.parse(v)));
        long cpuAlloc = get(allocatable, "cpu").milliValue();
        long memAlloc = get(allocatable, "memory").value();

        w.write(LEVEL_0, "Non-terminated Pods:\t(%d in total)\n", pods.size());
        w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
        Map<String, Quantity> totalRequests = new TreeMap<>();
        Map<String, Quantity> totalLimits = new TreeMap<>();
        for (ObjectNode pod : pods) {
            Map<String, Quantity> req = PodResources.requests(pod);
            Map<String, Quantity> lim = PodResources.limits(pod);
            req.forEach((k, v) -> totalRequests.merge(k, v, Quantity::add));
            lim.forEach((k, v) -> totalLimits.merge(k, v, Quantity::add));
            Quantity cpuReq = get(req, "cpu");
            Quantity cpuLim = get(lim, "cpu");
            Quantity memReq = get(req, "memory");
            Quantity memLim = get(lim, "memory");
            w.write(LEVEL_1, "%s\t%s\t\t%s (%d%%)\t%s (%d%%)\t%s (%d%%)\t%s (%d%%)\t%s\n",
                    Tree.str(pod, "metadata", "namespace"), Tree.str(pod, "metadata", "name"),
                    cpuReq, percent(cpuReq.milliValue(), cpuAlloc), cpuLim, percent(cpuLim.milliValue(), cpuAlloc),
                    memReq, percent(memReq.value(), memAlloc), memLim, percent(memLim.value(), memAlloc),
                    ctx.age(Tree.str(pod, "metadata", "creationTimestamp")));
        }
        w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
        w.write(LEVEL_1, "--------\t--------\t------\n");
        row(w, "cpu", get(totalRequests, "cpu"), get(totalLimits, "cpu"), get(allocatable, "cpu").milliValue(), true);
        row(w, "memory", get(totalRequests, "memory"), get(totalLimits, "memory"), memAlloc, false);
        row(w, "ephemeral-storage", get(totalRequests, "ephemeral-storage"), get(totalLimits, "ephemeral-storage"),
                get(allocatable, "ephemeral-storage").value(), false);
        List<String> extended = new ArrayList<>();
        for (String resource : allocatable.keySet()) {
            if (resource.startsWith("hugepages-")) {
                row(w, resource, get(totalRequests, resource), get(totalLimits, resource), allocatable.get(resource).value(), false);
            } else if (!STANDARD.contains(resource) && !"pods".equals(resource)) {
                extended.add(resource);
            }
        }
        for (String resource : extended) {
            w.write(LEVEL_1, "%s\t%s\t%s\n", resource, get(totalRequests, resource), get(totalLimits, resource));
        }
    }

    /** Totals guard against a zero allocatable; kubectl's per-pod rows do not, hence {@link #percent}. */
    private static void row(PrefixWriter w, String name, Quantity requests, Quantity limits, long allocatable, boolean milli) {
        long r = milli ? requests.milliValue() : requests.value();
        long l = milli ? limits.milliValue() : limits.value();
        long rp = allocatable == 0 ? 0 : percent(r, allocatable);
        long lp = allocatable == 0 ? 0 : percent(l, allocatable);
        w.write(LEVEL_1, "%s\t%s (%d%%)\t%s (%d%%)\n", name, requests, rp, limits, lp);
    }

    /** Go's {@code int64(float64(part) / float64(whole) * 100)}, including its result for a non-finite value on amd64. */
    private static long percent(long part, long whole) {
        double f = (double) part / (double) whole * 100;
        return Double.isFinite(f) ? (long) f : Long.MIN_VALUE;
    }

    private static Quantity get(Map<String, Quantity> m, String key) {
        Quantity q = m.get(key);
        return q == null ? Quantity.ZERO : q;
    }
}
