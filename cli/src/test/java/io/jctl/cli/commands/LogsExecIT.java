package io.jctl.cli.commands;

import io.jctl.agent.testing.HollowCluster;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import io.jctl.cli.JctlHarness.Running;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** jctl logs and exec against an api-server with a hollow node agent: the whole path client → api-server → agent → runtime. */
class LogsExecIT {
    static HollowCluster cluster;
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        cluster = HollowCluster.start();
        jctl = JctlHarness.on(cluster.server());
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default, labels: {app: web}}
                spec:
                  nodeName: node-1
                  containers:
                  - name: web
                    image: busybox
                    command: [sh, -c, 'echo one; echo two; echo three; while true; do echo tick; sleep 0.2; done']
                """);
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: duo, namespace: default}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: setup, image: busybox, command: [sh, -c, 'echo prepared; exit 0']}
                  containers:
                  - {name: a, image: busybox, command: [sh, -c, 'echo from a; sleep 3600']}
                  - {name: b, image: busybox, command: [sh, -c, 'echo from b; sleep 3600']}
                """);
        cluster.awaitRunning("default", "web");
        cluster.awaitRunning("default", "duo");
    }

    @AfterAll
    static void stop() {
        if (jctl != null) {
            jctl.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void logsPrintsTheContainersOutput() {
        Result r = jctl.run("logs", "web").ok();
        assertThat(r.out()).startsWith("one\ntwo\nthree\n");
        assertThat(jctl.run("logs", "web", "--limit-bytes", "8").ok().out()).isEqualTo("one\ntwo\n");
        assertThat(jctl.run("logs", "web", "--timestamps", "--limit-bytes", "35").ok().out())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z one\n");
        assertThat(jctl.run("logs", "pod/web", "--since", "1h", "--limit-bytes", "4").ok().out()).isEqualTo("one\n");
    }

    @Test
    void logsTailAndFollow() {
        String last = jctl.run("logs", "web", "--tail", "1").ok().out();
        assertThat(last).isIn("three\n", "tick\n");
        Running f = jctl.start("logs", "-f", "web");
        await().atMost(Duration.ofSeconds(20)).until(() -> f.out().split("tick\n", -1).length > 3);
        assertThat(f.out()).startsWith("one\ntwo\nthree\ntick\n");
    }

    @Test
    void followEndsWhenTheContainerStops() {
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: brief, namespace: default}
                spec:
                  nodeName: node-1
                  restartPolicy: Never
                  containers:
                  - {name: main, image: busybox, command: [sh, -c, 'echo bye; sleep 1']}
                """);
        cluster.awaitRunning("default", "brief");
        Result r = jctl.start("logs", "-f", "brief").await(Duration.ofSeconds(30));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("bye\n");
    }

    @Test
    void logsDefaultsTheContainerAsKubectlDoes() {
        Result r = jctl.run("logs", "duo").ok();
        assertThat(r.err()).isEqualTo("Defaulted container \"a\" out of: a, b, setup (init)\n");
        assertThat(r.out()).isEqualTo("from a\n");
        assertThat(jctl.run("logs", "duo", "-c", "b").ok().out()).isEqualTo("from b\n");
        assertThat(jctl.run("logs", "duo", "b").ok().out()).isEqualTo("from b\n");
        assertThat(jctl.run("logs", "duo", "--all-containers").ok().out()).isEqualTo("prepared\nfrom a\nfrom b\n");
        assertThat(jctl.run("logs", "duo", "--all-containers", "--prefix").ok().out())
                .isEqualTo("[pod/duo/setup] prepared\n[pod/duo/a] from a\n[pod/duo/b] from b\n");
    }

    @Test
    void logsErrorsAreTheServersStatus() {
        Result r = jctl.run("logs", "duo", "-c", "nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Error from server (BadRequest): container nope is not valid for pod duo");
        Result p = jctl.run("logs", "web", "--previous");
        assertThat(p.err()).contains("previous terminated container \"web\" in pod \"web\" not found");
        Result missing = jctl.run("logs", "ghost");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("pods \"ghost\" not found");
    }

    @Test
    void logsOfADeploymentPicksItsPod() {
        assertThat(cluster.server().post("/apis/apps/v1/namespaces/default/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}}
                """).status()).isEqualTo(201);
        assertThat(jctl.run("logs", "deploy/web", "--limit-bytes", "4").ok().out()).isEqualTo("one\n");
    }

    @Test
    void execRunsTheCommandAndReturnsItsExitCode() {
        Result hi = jctl.run("exec", "web", "--", "echo", "hi");
        assertThat(hi.exit()).as(hi.err()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");
        Result three = jctl.run("exec", "web", "--", "sh", "-c", "exit 3");
        assertThat(three.exit()).isEqualTo(3);
        assertThat(three.err()).isEqualTo("command terminated with exit code 3\n");
    }

    @Test
    void execPassesStdinWithI() {
        Result cat = jctl.runWithInput("line 1\nline 2\n", "exec", "-i", "web", "--", "cat");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("line 1\nline 2\n");
        Result noTty = jctl.runWithInput("x", "exec", "-it", "web", "--", "cat");
        assertThat(noTty.err()).startsWith("Unable to use a TTY - input is not a terminal or the right kind of file\n");
        assertThat(noTty.out()).isEqualTo("x");
    }

    @Test
    void execDefaultsAndChecksTheContainer() {
        Result r = jctl.run("exec", "duo", "--", "echo", "x");
        assertThat(r.err()).isEqualTo("Defaulted container \"a\" out of: a, b, setup (init)\n");
        assertThat(r.out()).isEqualTo("x\n");
        Result bad = jctl.run("exec", "duo", "-c", "zz", "--", "echo", "x");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: container zz not found in pod duo\n");
    }
}
