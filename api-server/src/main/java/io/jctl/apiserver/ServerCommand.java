package io.jctl.apiserver;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The api-server alone until SIGTERM or SIGINT; {@code jctld server} runs it together with the
 * controllers and the scheduler. Tests start this one as a process.
 */
@Command(name = "apiserver", mixinStandardHelpOptions = true,
        description = "Serve the Kubernetes API on HTTPS (embedded store, or etcd with --etcd-endpoints).")
public final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        ApiServer server = ApiServer.start(options.toConfig());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "jctld-shutdown"));
        System.out.println("jctl api-server listening on " + server.url() + "; admin kubeconfig in "
                + Path.of(System.getProperty("user.home"), ".jctl", "config"));
        stopped.await();
        return 0;
    }

    /** Runs the api-server alone (tests start it as a process); {@code jctld server} is the usual entry. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }
}
