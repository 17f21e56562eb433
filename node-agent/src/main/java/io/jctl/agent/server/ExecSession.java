package io.jctl.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.json.Json;
import io.jctl.api.streaming.ChannelProtocol;
import io.jctl.runtime.api.v1.ExecInput;
import io.jctl.runtime.api.v1.ExecOutput;
import io.jctl.runtime.api.v1.ExecStart;
import io.jctl.runtime.api.v1.TerminalSize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One exec: bridges a channel-protocol WebSocket to the runtime's streaming Exec. Client messages
 * become stdin, resize and (v5) stdin-close; the command's output goes back on channels 1 and 2,
 * and its end as a Status on channel 3, after which the socket closes.
 */
final class ExecSession {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);

    record Request(String containerId, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                   boolean tty) {
    }

    private final ServerWebSocket ws;
    private final Request request;
    private StreamObserver<ExecInput> toRuntime;
    private int exitCode = -1;
    private boolean finished;

    ExecSession(ServerWebSocket ws, Request request) {
        this.ws = ws;
        this.request = request;
    }

    void start(RuntimeConnection runtime) {
        boolean v5 = ChannelProtocol.V5.equals(ws.subProtocol());
        ws.binaryMessageHandler(this::fromClient);
        ws.textMessageHandler(t -> fromClient(Buffer.buffer(t)));
        ws.closeHandler(v -> clientGone());
        ws.exceptionHandler(e -> clientGone());
        // The kubelet's "connection established" signal: an empty message on the lowest channel it writes.
        int ready = request.stdout() ? ChannelProtocol.STDOUT : request.stderr() ? ChannelProtocol.STDERR
                : ChannelProtocol.ERROR;
        ws.writeBinaryMessage(Buffer.buffer(new byte[]{(byte) ready}));
        StreamObserver<ExecInput> in = runtime.runtimeAsync().exec(new StreamObserver<>() {
            @Override
            public void onNext(ExecOutput out) {
                switch (out.getOutputCase()) {
                    case STDOUT -> send(request.stdout(), ChannelProtocol.STDOUT, out.getStdout());
                    case STDERR -> send(request.stderr() || request.tty(),
                            request.tty() ? ChannelProtocol.STDOUT : ChannelProtocol.STDERR, out.getStderr());
                    case EXIT_CODE -> exitCode = out.getExitCode();
                    default -> {
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                Status s = Status.fromThrowable(t);
                if (s.getCode() == Status.Code.CANCELLED) {
                    finish(null);
                    return;
                }
                finish(ChannelProtocol.failureStatus("error executing command in container: "
                        + (s.getDescription() != null ? s.getDescription() : s.getCode().toString())));
            }

            @Override
            public void onCompleted() {
                finish(exitCode < 0 ? ChannelProtocol.failureStatus("the runtime ended the exec without an exit code")
                        : ChannelProtocol.exitStatus(exitCode));
            }
        });
        synchronized (this) {
            toRuntime = in;
        }
        runtimeSend(ExecInput.newBuilder().setStart(ExecStart.newBuilder().setContainerId(request.containerId())
                .addAllCmd(request.command()).setTty(request.tty()).setStdin(request.stdin())).build());
        if (!v5) {
            LOG.debug("exec over {}: stdin closes with the socket", ws.subProtocol());
        }
    }

    private void fromClient(Buffer message) {
        if (message.length() == 0) {
            return;
        }
        int channel = message.getByte(0) & 0xff;
        byte[] data = message.getBytes(1, message.length());
        switch (channel) {
            case ChannelProtocol.STDIN -> {
                if (request.stdin() && data.length > 0) {
                    runtimeSend(ExecInput.newBuilder().setStdin(ByteString.copyFrom(data)).build());
                }
            }
            case ChannelProtocol.RESIZE -> {
                try {
                    JsonNode size = Json.mapper().readTree(data);
                    runtimeSend(ExecInput.newBuilder().setResize(TerminalSize.newBuilder()
                            .setWidth(size.path("Width").asInt()).setHeight(size.path("Height").asInt())).build());
                } catch (java.io.IOException e) {
                    LOG.debug("ignoring a resize message that is not JSON");
                }
            }
            case ChannelProtocol.CLOSE -> {
                if (data.length > 0 && data[0] == ChannelProtocol.STDIN) {
                    runtimeSend(ExecInput.newBuilder().setStdinClosed(true).build());
                }
            }
            default -> LOG.debug("ignoring a message on channel {}", channel);
        }
    }

    private synchronized void runtimeSend(ExecInput input) {
        if (finished || toRuntime == null) {
            return;
        }
        try {
            toRuntime.onNext(input);
        } catch (StatusRuntimeException | IllegalStateException e) {
            // the call ended meanwhile; its end reaches finish()
        }
    }

    private void send(boolean wanted, int channel, ByteString data) {
        if (wanted && !data.isEmpty() && !ws.isClosed()) {
            ws.writeBinaryMessage(Buffer.buffer(ChannelProtocol.message(channel, data.toByteArray())));
        }
    }

    /** Ends the session once: the status (unless the client left) on the error channel, then the close. */
    private void finish(ObjectNode status) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        if (ws.isClosed()) {
            return;
        }
        if (status != null) {
            ws.writeBinaryMessage(Buffer.buffer(ChannelProtocol.message(ChannelProtocol.ERROR, Json.toBytes(status))));
        }
        ws.close((short) 1000);
    }

    private void clientGone() {
        StreamObserver<ExecInput> in;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            in = toRuntime;
        }
        if (in != null) {
            try {
                in.onError(Status.CANCELLED.withDescription("the client went away").asRuntimeException());
            } catch (RuntimeException e) {
                // already ended
            }
        }
    }
}
