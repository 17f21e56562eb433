package io.jctl.runtime.crictl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.server.TestNode;
import io.jctl.runtime.testing.NetnsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * crictl as an operator types it, against a whole runtime (bridge network, cgroups, jctl-shim) of
 * the test's own: pods and containers made over gRPC, then listed, inspected, logged, exec'd into,
 * measured, stopped and removed with crictl's commands. Needs root, busybox-static, ip and iptables.
 */
class CrictlRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestNode node;

    record Result(int code, String out, String err) {
    }

    /** A crictl run whose output can be read while it still runs (logs -f). */
    static final class Session {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Result run(String... args) {
            CrictlCommand command = new CrictlCommand();
            command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
            command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
            List<String> all = new ArrayList<>(List.of("-r", node.endpoint()));
            all.addAll(List.of(args));
            int code = new CommandLine(command).execute(all.toArray(String[]::new));
            return new Result(code, out(), err.toString(StandardCharsets.UTF_8));
        }

        String out() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static Result crictl(String... args) {
        return new Session().run(args);
    }

    private static Result ok(String... args) {
        Result r = crictl(args);
        assertThat(r.code()).as("crictl %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    /** A table's lines split into cells as the eye reads them: columns are two or more spaces apart. */
    private static List<List<String>> table(String out) {
        return out.lines().map(l -> Arrays.asList(l.trim().split("\\s{2,}"))).toList();
    }

    @BeforeAll
    static void startNode() throws Exception {
        TestNode.assumeRootAndTools();
        node = new TestNode();
    }

    @AfterAll
    static void closeNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void podsAndPsListThemInCrictlsColumns() {
        String pod = node.runSandbox("listed");
        String c = node.runContainer(pod, "app", "sleep", "1000");

        List<List<String>> pods = table(ok("pods", "--name", "listed").out());
        assertThat(pods.get(0)).containsExactly("POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME");
        assertThat(pods).hasSize(2);
        assertThat(pods.get(1)).hasSize(7);
        assertThat(pods.get(1).get(0)).isEqualTo(pod.substring(0, 13));
        assertThat(pods.get(1).get(1)).endsWith(" ago");
        assertThat(pods.get(1).subList(2, 7)).containsExactly("Ready", "listed", "default", "0", "(default)");
        assertThat(ok("pods", "-q", "--name", "listed").out()).isEqualTo(pod + "\n");

        List<List<String>> ps = table(ok("ps", "-p", pod.substring(0, 8)).out());
        assertThat(ps.get(0)).containsExactly("CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(1)).containsExactly(c.substring(0, 13), BusyboxImage.REFERENCE, ps.get(1).get(2), "Running", "app", "0",
                pod.substring(0, 13), "listed");
        assertThat(ok("ps", "-q", "--no-trunc", "--name", "app").out()).contains(c + "\n");
        // Column layout as Go's tabwriter: the header's cells start where the rows' cells start.
        String header = ok("ps", "-p", pod).out().lines().findFirst().orElseThrow();
        String row = ok("ps", "-p", pod).out().lines().skip(1).findFirst().orElseThrow();
        assertThat(row.indexOf(BusyboxImage.REFERENCE)).isEqualTo(header.indexOf("IMAGE")).isEqualTo(20);
        assertThat(row.indexOf("Running")).isEqualTo(header.indexOf("STATE"));

        ok("stopp", pod);
        assertThat(table(ok("pods", "--name", "listed").out()).get(1)).contains("NotReady");
        assertThat(ok("ps", "-p", pod).out().lines()).hasSize(1); // only running ones without -a
        assertThat(table(ok("ps", "-a", "-p", pod).out()).get(1)).contains("Exited");
        ok("rmp", pod);
    }

    @Test
    void inspectAndInspectpShowStatePidAndAddress() throws Exception {
        String pod = node.runSandbox("inspected");
        String c = node.runContainer(pod, "app", "sleep", "1000");

        JsonNode status = Json.mapper().readTree(ok("inspect", c.substring(0, 10)).out()).get("status");
        assertThat(status.get("id").asText()).isEqualTo(c);
        assertThat(status.get("state").asText()).isEqualTo("CONTAINER_RUNNING");
        assertThat(status.get("pid").asInt()).isPositive();
        assertThat(status.get("metadata").get("name").asText()).isEqualTo("app");
        assertThat(Files.readString(java.nio.file.Path.of("/proc", status.get("pid").asText(), "cmdline")))
                .isEqualTo("sleep\0" + "1000\0");

        JsonNode sandbox = Json.mapper().readTree(ok("inspectp", pod.substring(0, 10)).out()).get("status");
        assertThat(sandbox.get("state").asText()).isEqualTo("SANDBOX_READY");
        assertThat(sandbox.get("metadata").get("name").asText()).isEqualTo("inspected");
        String ip = sandbox.get("network").get("ip").asText();
        assertThat(ip).as("in " + node.podCidr).startsWith(node.podCidr.substring(0, node.podCidr.lastIndexOf('.') + 1))
                .doesNotEndWith(".0").doesNotEndWith(".1"); // neither the network nor the bridge's gateway
        assertThat(sandbox.get("netnsPath").asText()).isEqualTo(node.netnsFile(pod).toString());
        // the address is the one the container sees
        Result addr = ok("exec", c, "--", "busybox", "ip", "-4", "-o", "addr", "show", "eth0");
        assertThat(addr.out()).contains("inet " + ip + "/");
        ok("rmp", "-f", pod);
    }

    @Test
    void logsWithTailAndFollowUntilTheContainerIsStopped() throws Exception {
        String pod = node.runSandbox("logged");
        String c = node.runContainer(pod, "app", "sh", "-c", "echo one; echo two; echo three; sleep 0.3; echo oops >&2; exec sleep 1000");
        await().atMost(WAIT).until(() -> crictl("logs", c).err().equals("oops\n"));
        Result all = ok("logs", c);
        assertThat(all.out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(all.err()).isEqualTo("oops\n");
        Result tail = ok("logs", "--tail", "2", c);
        assertThat(tail.out()).isEqualTo("three\n");
        assertThat(tail.err()).isEqualTo("oops\n");
        Result stamped = ok("logs", "-t", "--tail", "1", c);
        assertThat(stamped.err()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z oops\n");

        String ticker = node.runContainer(pod, "ticker", "sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done");
        Session follow = new Session();
        CompletableFuture<Result> followed = CompletableFuture.supplyAsync(() -> follow.run("logs", "-f", ticker));
        try {
            await().atMost(WAIT).until(() -> follow.out().contains("tick-3\n"));
            assertThat(followed).isNotDone();
            assertThat(ok("stop", ticker).out()).isEqualTo(ticker + "\n");
            Result r = followed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("tick-0\ntick-1\ntick-2\ntick-3\n").endsWith("\n");
        } finally {
            crictl("stop", ticker);
        }
        ok("rmp", "-f", pod);
    }

    @Test
    void execPrintsTheOutputAndPropagatesTheExitCode() {
        String pod = node.runSandbox("execd");
        String c = node.runContainer(pod, "app", "sleep", "1000");
        Result hi = crictl("exec", c, "--", "echo", "hi");
        assertThat(hi).isEqualTo(new Result(0, "hi\n", ""));
        Result failed = crictl("exec", c.substring(0, 12), "--", "sh", "-c", "echo bad >&2; exit 3");
        assertThat(failed.code()).isEqualTo(3);
        assertThat(failed.err()).isEqualTo("bad\n");
        Result sync = crictl("exec", "-s", c, "--", "sh", "-c", "hostname; exit 4");
        assertThat(sync).isEqualTo(new Result(4, "execd\n", ""));
        ok("rmp", "-f", pod);
    }

    @Test
    void statsShowCpuAndMemoryOfTheContainer() {
        String pod = node.runSandbox("measured");
        String busy = node.runContainer(pod, "busy", "sh", "-c", "while :; do :; done");
        String idle = node.runContainer(pod, "idle", "sleep", "1000");
        List<List<String>> stats = table(ok("stats", "-p", pod).out());
        assertThat(stats.get(0)).containsExactly("CONTAINER", "NAME", "CPU %", "MEM", "DISK", "PIDS");
        assertThat(stats).hasSize(3);
        List<String> busyRow = stats.stream().filter(r -> r.get(0).equals(busy.substring(0, 13))).findFirst().orElseThrow();
        assertThat(busyRow.get(1)).isEqualTo("busy");
        // a busy loop over the one-second sample: well above zero, however loaded the machine is
        assertThat(Double.parseDouble(busyRow.get(2))).isGreaterThan(1.0);
        assertThat(busyRow.get(3)).matches("\\d+(\\.\\d+)?[kMG]?B").isNotEqualTo("0B");
        assertThat(busyRow.get(5)).isEqualTo("1");
        List<String> idleRow = table(ok("stats", idle.substring(0, 13)).out()).get(1);
        assertThat(idleRow.subList(0, 2)).containsExactly(idle.substring(0, 13), "idle");
        assertThat(Double.parseDouble(idleRow.get(2))).isLessThan(5.0);
        assertThat(idleRow.get(3)).matches("\\d+(\\.\\d+)?[kMG]?B").isNotEqualTo("0B");
        ok("rmp", "-f", pod);
    }

    @Test
    void stopRmStoppAndRmpLeaveNothingBehind() throws Exception {
        String pod = node.runSandbox("removed");
        String c = node.runContainer(pod, "app", "sleep", "1000");
        String veth = TestNode.hostVeth(pod);
        assertThat(NetnsFixture.linkExists(veth)).isTrue();
        assertThat(node.netnsFile(pod)).exists();
        assertThat(node.cgroupExists(pod + "/" + c)).isTrue();
        int pid = Json.mapper().readTree(ok("inspect", c).out()).get("status").get("pid").asInt();

        assertThat(ok("stop", c.substring(0, 13)).out()).isEqualTo(c + "\n");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        JsonNode exited = Json.mapper().readTree(ok("inspect", c).out()).get("status");
        assertThat(exited.get("state").asText()).isEqualTo("CONTAINER_EXITED");
        assertThat(exited.get("exitCode").asInt()).isEqualTo(137);
        assertThat(ok("rm", c.substring(0, 13)).out()).isEqualTo(c + "\n");
        assertThat(ok("ps", "-a", "-q", "-p", pod).out()).isEmpty();
        assertThat(node.cgroupExists(pod + "/" + c)).isFalse();
        assertThat(node.root.resolve("containers").resolve(c)).doesNotExist();

        String second = node.runContainer(pod, "second", "sleep", "1000");
        assertThat(ok("stopp", pod.substring(0, 13)).out()).isEqualTo("Stopped sandbox " + pod + "\n");
        assertThat(NetnsFixture.linkExists(veth)).isFalse();
        assertThat(node.netnsFile(pod)).doesNotExist();
        assertThat(table(ok("ps", "-a", "-p", pod).out()).get(1)).contains("Exited");
        assertThat(ok("rmp", pod.substring(0, 13)).out()).isEqualTo("Removed sandbox " + pod + "\n");
        assertThat(ok("pods", "-q", "--name", "removed").out()).isEmpty();
        assertThat(node.cgroupExists(pod)).isFalse();
        assertThat(node.root.resolve("sandboxes").resolve(pod)).doesNotExist();
        assertThat(node.root.resolve("containers").resolve(second)).doesNotExist();
        assertThat(node.mounts()).noneMatch(m -> m.toString().contains(pod));
        assertThat(NetnsFixture.run("ip", "-o", "link", "show", "master", node.bridge).output()).doesNotContain(veth);
    }

    @Test
    void unknownIdsAreClearErrors() {
        String hint = "no container has the id or id prefix \"nope\"; list them with `jctld crictl ps -a`";
        for (String[] args : List.of(new String[] {"inspect", "nope"}, new String[] {"logs", "nope"},
                new String[] {"exec", "nope", "--", "true"}, new String[] {"stop", "nope"}, new String[] {"rm", "nope"},
                new String[] {"stats", "nope"})) {
            Result r = crictl(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).isEqualTo("crictl " + args[0] + ": " + hint + "\n");
            assertThat(r.out()).isEmpty();
        }
        for (String command : List.of("inspectp", "stopp", "rmp")) {
            Result r = crictl(command, "nope");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("crictl " + command + ": no pod sandbox has the id or id prefix \"nope\"; "
                    + "list them with `jctld crictl pods`\n");
        }
        Result version = ok("version");
        assertThat(version.out()).contains("RuntimeName:  jctl").containsPattern("CgroupVersion:  v[12]");
    }
}
