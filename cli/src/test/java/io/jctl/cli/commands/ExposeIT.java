package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jctl expose} builds the Service kubectl would, and {@code get svc,ep} prints the server's tables. */
class ExposeIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
        jctl.run("create", "namespace", "ex").ok();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = "ex";
        System.arraycopy(args, 0, all, 2, args.length);
        return jctl.run(all);
    }

    private static ObjectNode get(String path) {
        return jctl.api().get(path).json();
    }

    @Test
    void deploymentWithPortAndTargetPort() {
        run("create", "deployment", "web", "--image=busybox", "--port=8080").ok();
        assertThat(run("expose", "deploy/web", "--port", "80", "--target-port", "8080").ok().out())
                .isEqualTo("service/web exposed\n");
        ObjectNode svc = get("/api/v1/namespaces/ex/services/web");
        assertThat(svc.at("/spec/selector").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(svc.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        assertThat(svc.at("/spec/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(svc.at("/spec/ports/0/name").isMissingNode()).isTrue();
        assertThat(svc.at("/spec/type").asText()).isEqualTo("ClusterIP");
        String clusterIp = svc.at("/spec/clusterIP").asText();

        // No endpoints controller runs here: the Endpoints it would write.
        jctl.runWithInput("apiVersion: v1\nkind: Endpoints\nmetadata: {name: web, namespace: ex}\nsubsets:\n"
                + "- addresses: [{ip: 10.1.2.3}]\n  ports: [{port: 8080, protocol: TCP}]\n", "apply", "-f", "-").ok();
        String table = run("get", "svc,ep").ok().out();
        assertThat(table).containsPattern("NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE")
                .containsPattern("service/web +ClusterIP +" + clusterIp.replace(".", "\\.") + " +<none> +80/TCP ")
                .containsPattern("NAME +ENDPOINTS +AGE")
                .containsPattern("endpoints/web +10\\.1\\.2\\.3:8080 +\\d+s");
    }

    @Test
    void nodePortWithNameAndPortsFromTheContainers() {
        run("create", "deployment", "api", "--image=busybox", "--port=9000").ok();
        assertThat(run("expose", "deployment", "api", "--type", "NodePort", "--name", "api-np").ok().out())
                .isEqualTo("service/api-np exposed\n");
        ObjectNode svc = get("/api/v1/namespaces/ex/services/api-np");
        assertThat(svc.at("/spec/type").asText()).isEqualTo("NodePort");
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(9000);
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(9000);
        assertThat(svc.at("/spec/ports/0/nodePort").asInt()).isBetween(30000, 32767);
        assertThat(run("get", "svc", "api-np").ok().out()).containsPattern("api-np +NodePort +\\S+ +<none> +9000:\\d+/TCP");
    }

    @Test
    void podServiceAndErrors() {
        run("run", "solo", "--image=busybox", "--labels=role=solo").ok();
        assertThat(run("expose", "pod", "solo", "--port=7000").ok().out()).isEqualTo("service/solo exposed\n");
        assertThat(get("/api/v1/namespaces/ex/services/solo").at("/spec/selector/role").asText()).isEqualTo("solo");

        assertThat(run("expose", "svc/solo", "--name", "solo2").ok().out()).isEqualTo("service/solo2 exposed\n");
        ObjectNode copy = get("/api/v1/namespaces/ex/services/solo2");
        assertThat(copy.at("/spec/selector/role").asText()).isEqualTo("solo");
        assertThat(copy.at("/spec/ports/0/port").asInt()).isEqualTo(7000);

        run("create", "deployment", "noport", "--image=busybox").ok();
        Result noPort = run("expose", "deploy/noport");
        assertThat(noPort.exit()).isNotZero();
        assertThat(noPort.err()).contains("couldn't find port via --port flag or introspection");

        Result missing = run("expose", "deploy/ghost", "--port=80");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("deployments.apps \"ghost\" not found");

        String yaml = run("expose", "deploy/noport", "--port=80", "--dry-run=client", "-o", "yaml").ok().out();
        assertThat(yaml).contains("kind: Service", "app: noport");
        assertThat(jctl.api().get("/api/v1/namespaces/ex/services/noport").status()).isEqualTo(404);
    }
}
