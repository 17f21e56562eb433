package io.jctl.apiserver.bench;

import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Create, get, list, update and delete of ConfigMaps at one client count, in that order, each
 * in its own namespace so the levels do not see each other's objects. Updates PUT each created
 * object once with the resourceVersion its create returned, so no update ever conflicts.
 */
final class CrudBenchmark {
    private final BenchHttp http;
    private final CpuMeter cpu;
    private final ServerTimers server;
    private final Duration limit;

    CrudBenchmark(BenchHttp http, CpuMeter cpu, ServerTimers server, Duration limit) {
        this.http = http;
        this.cpu = cpu;
        this.server = server;
        this.limit = limit;
    }

    List<VerbResult> run(String namespace, int clients, int requests, String listNamespace, int listRequests) {
        expect(http.call(HttpMethod.POST, "/api/v1/namespaces", ConfigMaps.namespace(namespace)), 201);
        warmUp(clients);
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        AtomicReferenceArray<String> versions = new AtomicReferenceArray<>(requests);
        List<VerbResult> results = new ArrayList<>();

        results.add(measure("create", "POST", "create", clients, requests, i ->
                http.send(HttpMethod.POST, base, ConfigMaps.configMap(namespace, name(i), null, 0))
                        .map(r -> versions.getAndSet(i, expect(r, 201).field("resourceVersion")))));

        int[] created = createdIndexes(versions);
        if (created.length == 0) {
            return results;
        }
        results.add(measure("get", "GET", "get", clients, requests, i ->
                http.send(HttpMethod.GET, base + "/" + name(created[i % created.length]), null)
                        .map(r -> expect(r, 200))));

        if (listNamespace != null && listRequests > 0) {
            String listPath = "/api/v1/namespaces/" + listNamespace + "/configmaps";
            results.add(measure("list", "LIST", "list", clients, listRequests, i ->
                    http.send(HttpMethod.GET, listPath, null).map(r -> expect(r, 200))));
        }

        results.add(measure("update", "PUT", "update", clients, created.length, i -> {
            int obj = created[i];
            return http.send(HttpMethod.PUT, base + "/" + name(obj),
                            ConfigMaps.configMap(namespace, name(obj), versions.get(obj), 1))
                    .map(r -> versions.getAndSet(obj, expect(r, 200).field("resourceVersion")));
        }));

        results.add(measure("delete", "DELETE", "delete", clients, created.length, i ->
                http.send(HttpMethod.DELETE, base + "/" + name(created[i]), null).map(r -> expect(r, 200))));
        return results;
    }

    /** Creates {@code count} objects in {@code namespace} (not measured): the list phases' data. */
    void fill(String namespace, int count, int clients) {
        expect(http.call(HttpMethod.POST, "/api/v1/namespaces", ConfigMaps.namespace(namespace)), 201);
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        ClosedLoop.Outcome o = ClosedLoop.run(clients, count, limit, i ->
                http.send(HttpMethod.POST, base, ConfigMaps.configMap(namespace, name(i), null, 0))
                        .map(r -> expect(r, 201)));
        if (o.errors() > 0 || o.latencies().count() < count) {
            throw new IllegalStateException("could not create the " + count + " objects to list: "
                    + o.latencies().count() + " created, first error: " + o.firstError());
        }
    }

    /** Deletes {@code count} objects made by {@link #fill}; best effort, for external etcd. */
    void empty(String namespace, int count, int clients) {
        String base = "/api/v1/namespaces/" + namespace + "/configmaps/";
        ClosedLoop.run(clients, count, limit, i -> http.send(HttpMethod.DELETE, base + name(i), null));
    }

    /** Opens one connection per client (TLS handshakes) before anything is measured. */
    private void warmUp(int clients) {
        ClosedLoop.run(clients, clients * 4, limit, i -> http.send(HttpMethod.GET, "/api/v1/namespaces/default", null)
                .map(r -> expect(r, 200)));
    }

    private VerbResult measure(String verb, String serverVerb, String storeOperation, int clients, int total,
                               ClosedLoop.Op op) {
        LocalTime from = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
        ServerTimers.Snapshot s0 = server.snapshot(serverVerb);
        ServerTimers.Snapshot st0 = server.storeSnapshot(storeOperation);
        CpuMeter.Sample c0 = cpu.sample();
        ClosedLoop.Outcome o = ClosedLoop.run(clients, total, limit, op);
        CpuMeter.Sample c1 = cpu.sample();
        ServerTimers.Snapshot s1 = server.snapshot(serverVerb);
        ServerTimers.Snapshot st1 = server.storeSnapshot(storeOperation);
        String firstError = o.firstError();
        if (o.errors() > 0) { // did the server see the failed requests? tells a lost answer from a lost request
            firstError += " (server answered " + (s1.count() - s0.count()) + " of the "
                    + (o.latencies().count() + o.errors()) + " sent)";
        }
        return new VerbResult(verb, clients, o.latencies().count(), o.errors(), firstError, o.seconds(),
                o.timedOut(), o.latencies(), ServerTimers.meanMillis(s0, s1),
                ServerTimers.meanMillis(st0, st1), CpuMeter.between(c0, c1), from,
                LocalTime.now().truncatedTo(ChronoUnit.MILLIS), o.slowest());
    }

    private static int[] createdIndexes(AtomicReferenceArray<String> versions) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < versions.length(); i++) {
            if (versions.get(i) != null) {
                ok.add(i);
            }
        }
        return ok.stream().mapToInt(Integer::intValue).toArray();
    }

    static String name(int i) {
        return "cm-" + i;
    }

    static BenchHttp.Reply expect(BenchHttp.Reply r, int status) {
        if (r.status() != status) {
            String body = r.text();
            throw new IllegalStateException("HTTP " + r.status() + " (wanted " + status + "): "
                    + body.substring(0, Math.min(300, body.length())));
        }
        return r;
    }
}
