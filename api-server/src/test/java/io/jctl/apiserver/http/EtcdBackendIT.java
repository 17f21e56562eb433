package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.storage.etcd.EtcdProcess;
import io.jctl.apiserver.storage.etcd.LocalEtcd;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.apiserver.testing.TestApiServer.Response;
import io.jctl.apiserver.testing.TestApiServer.Watch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The api-server on a real etcd (Debian's etcd-server): verbs, conflicts, watch and restart. */
class EtcdBackendIT {
    static LocalEtcd etcd;
    static TestApiServer api;

    @BeforeAll
    static void start() throws Exception {
        EtcdProcess.assumeInstalled();
        etcd = EtcdProcess.start();
        api = TestApiServer.start(c -> c.withEtcd(List.of(etcd.endpoint())));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void crudConflictAndWatchOnEtcd() {
        Response created = api.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"on-etcd\",\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        try (Watch w = api.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
                + created.resourceVersion())) {
            ObjectNode change = created.json();
            ((ObjectNode) change.get("data")).put("k", "v2");
            Response updated = api.put("/api/v1/namespaces/default/configmaps/on-etcd", change.toString());
            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.put("/api/v1/namespaces/default/configmaps/on-etcd", change.toString()).status())
                    .isEqualTo(409);
            ObjectNode event = w.next(Duration.ofSeconds(10));
            assertThat(event.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(event.at("/object/data/k").asText()).isEqualTo("v2");
            assertThat(event.at("/object/metadata/resourceVersion").asText()).isEqualTo(updated.resourceVersion());
        }
        assertThat(ResourceVerbsIT.names(api.get("/api/v1/namespaces/default/configmaps?labelSelector=a%3Db")))
                .containsExactly("on-etcd");
        assertThat(api.delete("/api/v1/namespaces/default/configmaps/on-etcd").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/default/configmaps/on-etcd").status()).isEqualTo(404);
    }

    @Test
    void objectsSurviveAnApiServerRestart() {
        api.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"kept\"}}");
        api.restart();
        assertThat(api.get("/api/v1/namespaces/default/configmaps/kept").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/kube-system").status()).isEqualTo(200);
    }
}
