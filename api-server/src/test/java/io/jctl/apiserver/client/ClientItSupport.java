package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ObjectList;
import io.jctl.apiserver.testing.TestApiServer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers of the client ITs: clients for a test server, namespaces, ConfigMaps. */
final class ClientItSupport {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private ClientItSupport() {
    }

    /** A client that trusts only the test server's CA and sends its admin token. */
    static ApiClient clientFor(TestApiServer api) {
        return clientFor(api, api.baseUrl());
    }

    /** Same credentials, another address (e.g. a proxy in front of the server). */
    static ApiClient clientFor(TestApiServer api, String url) {
        return new ApiClient(ClientConfig.builder(url).token(api.token())
                .caPem(api.server().caCertificatePem()).build());
    }

    /** Creates a fresh namespace named after {@code prefix} and returns its name. */
    static String newNamespace(ApiClient client, String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
        return name;
    }

    static ConfigMap configMap(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .endMetadata().withData(data).build();
    }

    /** name -> resourceVersion of every ConfigMap the server lists in the namespace. */
    static Map<String, String> serverVersions(ApiClient client, String namespace) {
        ObjectList<ConfigMap> l = client.configMaps().listAll(namespace, ListOptions.all());
        Map<String, String> out = new TreeMap<>();
        l.items().forEach(c -> out.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        return out;
    }
}
