package io.jctl.runtime.crictl;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jctl.runtime.api.v1.ExecInput;
import io.jctl.runtime.api.v1.ExecOutput;
import io.jctl.runtime.api.v1.ExecStart;
import io.jctl.runtime.api.v1.ExecSyncRequest;
import io.jctl.runtime.api.v1.ExecSyncResponse;
import io.jctl.runtime.api.v1.TerminalSize;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code crictl exec}: runs a command in a running container. {@code -s} uses ExecSync; otherwise
 * the streaming Exec with stdin ({@code -i}) and a terminal ({@code -t}, which puts the local
 * terminal in raw mode for the session). Exits with the command's exit code.
 */
@Command(name = "exec", description = "Run a command in a running container.")
final class ExecCommand extends CrictlSubcommand {
    @Option(names = {"-i", "--interactive"}, description = "Send stdin to the command.")
    boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
    boolean tty;
    @Option(names = {"-s", "--sync"}, description = "Run synchronously (ExecSync) and print the output at the end.")
    boolean sync;
    @Option(names = "--timeout", description = "With --sync: seconds before the command is killed (0: none).")
    long timeout;
    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @Override
    int run(RuntimeClient client) throws Exception {
        String container = ContainerCommands.resolve(client, id);
        if (sync) {
            ExecSyncResponse r = client.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(container)
                    .addAllCmd(command).setTimeout(timeout).build());
            out().write(r.getStdout().toByteArray());
            err().write(r.getStderr().toByteArray());
            out().flush();
            err().flush();
            return r.getExitCode();
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        StreamObserver<ExecInput> input = client.runtimeAsync().exec(new StreamObserver<>() {
            @Override
            public void onNext(ExecOutput o) {
                try {
                    switch (o.getOutputCase()) {
                        case STDOUT -> {
                            out().write(o.getStdout().toByteArray());
                            out().flush();
                        }
                        case STDERR -> {
                            err().write(o.getStderr().toByteArray());
                            err().flush();
                        }
                        case EXIT_CODE -> exit.complete(o.getExitCode());
                        default -> { }
                    }
                } catch (IOException e) {
                    exit.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                exit.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                exit.complete(0);
            }
        });
        input.onNext(ExecInput.newBuilder().setStart(ExecStart.newBuilder().setContainerId(container)
                .addAllCmd(command).setTty(tty).setStdin(interactive)).build());
        Terminal terminal = tty ? Terminal.raw() : null;
        try {
            if (terminal != null && terminal.size() != null) {
                input.onNext(ExecInput.newBuilder().setResize(terminal.size()).build());
            }
            if (interactive) {
                Thread pump = new Thread(() -> pumpStdin(input), "crictl-exec-stdin");
                pump.setDaemon(true);
                pump.start();
            } else {
                input.onNext(ExecInput.newBuilder().setStdinClosed(true).build());
            }
            try {
                return exit.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof io.grpc.StatusRuntimeException sre) {
                    throw sre;
                }
                throw Status.fromThrowable(e.getCause()).asRuntimeException();
            }
        } finally {
            if (terminal != null) {
                terminal.restore();
            }
            synchronized (input) {
                input.onCompleted();
            }
        }
    }

    private static void pumpStdin(StreamObserver<ExecInput> input) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = System.in;
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (input) {
                    input.onNext(ExecInput.newBuilder().setStdin(ByteString.copyFrom(buffer, 0, n)).build());
                }
            }
        } catch (IOException | RuntimeException e) {
            // The session ended while stdin was still open.
        }
        synchronized (input) {
            try {
                input.onNext(ExecInput.newBuilder().setStdinClosed(true).build());
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    /** The local terminal in raw mode for a -t session (stty: crictl is a short-lived client process). */
    static final class Terminal {
        private final String saved;
        private final TerminalSize size;

        private Terminal(String saved, TerminalSize size) {
            this.saved = saved;
            this.size = size;
        }

        static Terminal raw() {
            if (System.console() == null) {
                return null;
            }
            try {
                String saved = stty("-g").strip();
                TerminalSize size = null;
                String[] rc = stty("size").strip().split("\\s+");
                if (rc.length == 2) {
                    size = TerminalSize.newBuilder().setHeight(Integer.parseInt(rc[0])).setWidth(Integer.parseInt(rc[1])).build();
                }
                stty("raw", "-echo");
                return new Terminal(saved, size);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        TerminalSize size() {
            return size;
        }

        void restore() {
            try {
                stty(saved);
            } catch (IOException e) {
                // nothing more to do
            }
        }

        private static String stty(String... args) throws IOException {
            List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            try {
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
