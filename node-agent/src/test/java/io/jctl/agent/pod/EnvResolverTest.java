package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvResolverTest {
    static final ObjectLookup LOOKUP = new ObjectLookup() {
        @Override
        public Optional<ConfigMap> configMap(String ns, String name) {
            return name.equals("cfg") ? Optional.of(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                    .addToData("mode", "fast").addToData("1bad", "skipped").build()) : Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String ns, String name) {
            return name.equals("creds") ? Optional.of(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                    .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes())).build())
                    : Optional.empty();
        }
    };
    static final EnvResolver.PodFacts FACTS = new EnvResolver.PodFacts("10.88.0.7", "10.0.0.1",
            Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")));

    static Pod pod(String containerYaml) throws Exception {
        return Json.yaml().readValue("""
                metadata: {name: web-abc, namespace: prod, uid: u-1, labels: {app: web}}
                spec:
                  nodeName: node-1
                  serviceAccountName: builder
                  containers:
                """ + containerYaml.indent(2), Pod.class);
    }

    static Map<String, String> env(Pod p) throws ContainerConfigException {
        Container c = p.getSpec().getContainers().get(0);
        return new EnvResolver(LOOKUP).resolve(p, c, FACTS);
    }

    @Test
    void resolvesEverySourceInKubernetesOrder() throws Exception {
        Map<String, String> env = env(pod("""
                - name: app
                  image: x
                  resources: {limits: {memory: 512Mi}, requests: {cpu: 250m}}
                  envFrom:
                  - configMapRef: {name: cfg}
                  - secretRef: {name: creds}
                    prefix: S_
                  env:
                  - {name: mode, value: "overridden-$(mode)"}
                  - name: PW
                    valueFrom: {secretKeyRef: {name: creds, key: password}}
                  - name: NAME
                    valueFrom: {fieldRef: {fieldPath: metadata.name}}
                  - name: NS
                    valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
                  - name: UID
                    valueFrom: {fieldRef: {fieldPath: metadata.uid}}
                  - name: NODE
                    valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                  - name: SA
                    valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}
                  - name: IP
                    valueFrom: {fieldRef: {fieldPath: status.podIP}}
                  - name: HOST
                    valueFrom: {fieldRef: {fieldPath: status.hostIP}}
                  - name: APP
                    valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}
                  - name: MEM
                    valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
                  - name: CPU_LIMIT
                    valueFrom: {resourceFieldRef: {resource: limits.cpu}}
                  - name: CPU_REQ
                    valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}
                  - name: URL
                    value: "http://$(IP):80/$(NOPE)"
                """));
        assertThat(env).containsEntry("mode", "overridden-fast").containsEntry("S_password", "s3cret")
                .containsEntry("PW", "s3cret").containsEntry("NAME", "web-abc").containsEntry("NS", "prod")
                .containsEntry("UID", "u-1").containsEntry("NODE", "node-1").containsEntry("SA", "builder")
                .containsEntry("IP", "10.88.0.7").containsEntry("HOST", "10.0.0.1").containsEntry("APP", "web")
                .containsEntry("MEM", "512").containsEntry("CPU_LIMIT", "4").containsEntry("CPU_REQ", "250")
                .containsEntry("URL", "http://10.88.0.7:80/$(NOPE)").doesNotContainKey("1bad");
        assertThat(env.keySet()).startsWith("mode", "S_password");
    }

    @Test
    void missingReferencesFailUnlessOptional() throws Exception {
        assertThatThrownBy(() -> env(pod("""
                - name: app
                  image: x
                  env:
                  - name: X
                    valueFrom: {configMapKeyRef: {name: cfg, key: absent}}
                """))).isInstanceOf(ContainerConfigException.class)
                .hasMessage("couldn't find key absent in ConfigMap prod/cfg");
        assertThatThrownBy(() -> env(pod("""
                - name: app
                  image: x
                  envFrom:
                  - secretRef: {name: nope}
                """))).hasMessage("secret \"nope\" not found");
        assertThat(env(pod("""
                - name: app
                  image: x
                  envFrom:
                  - secretRef: {name: nope, optional: true}
                  env:
                  - name: X
                    valueFrom: {configMapKeyRef: {name: gone, key: k, optional: true}}
                """))).isEmpty();
    }

    @Test
    void everyContainerGetsTheKubernetesServiceAddressUnlessItOverridesIt() throws Exception {
        ObjectLookup withService = new ObjectLookup() {
            @Override
            public Optional<ConfigMap> configMap(String ns, String name) {
                return LOOKUP.configMap(ns, name);
            }

            @Override
            public Optional<Secret> secret(String ns, String name) {
                return LOOKUP.secret(ns, name);
            }

            @Override
            public Optional<io.fabric8.kubernetes.api.model.Service> service(String ns, String name) {
                return ns.equals("default") && name.equals("kubernetes")
                        ? Optional.of(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata()
                        .withName("kubernetes").withNamespace("default").endMetadata().withNewSpec()
                        .withClusterIP("10.96.0.1").addNewPort().withName("https").withPort(443).endPort().endSpec().build())
                        : Optional.empty();
            }
        };
        Pod p = pod("""
                - name: app
                  image: x
                  env:
                  - {name: API, value: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)"}
                  - {name: KUBERNETES_SERVICE_PORT_HTTPS, value: "8443"}
                """);
        Map<String, String> env = new EnvResolver(withService).resolve(p, p.getSpec().getContainers().get(0), FACTS);
        assertThat(env).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
                .containsEntry("KUBERNETES_SERVICE_PORT", "443").containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "8443")
                .containsEntry("API", "https://10.96.0.1:443");
        assertThat(env(p)).as("no Service, no variables").doesNotContainKeys("KUBERNETES_SERVICE_HOST");
    }
}
