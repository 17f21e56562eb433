package io.jctl.agent.runtime;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A channel to services in this JVM that runs each unary call's server handler on the caller's
 * thread, straight from the client call to the service's {@link ServerCallHandler}: the same
 * stubs, messages, status codes and handlers as over a transport, without one. Many hollow nodes
 * in one JVM make about ten runtime calls per pod, and the in-process transport (streams,
 * contexts, synchronization contexts, deadline timers) cost two thirds as much CPU as the hollow
 * runtime answering them. Streaming calls (logs, exec, image pulls) go to {@code streams}, a real
 * in-process channel.
 *
 * <p>Deadlines are not enforced here: the services this serves answer at once. Listener
 * callbacks run on the call's executor when it has one (a blocking stub's, which runs them in
 * order on the waiting thread), else on the caller's thread.
 */
final class DirectUnaryChannel extends Channel {
    private final Map<String, ServerCallHandler<?, ?>> unary = new HashMap<>();
    private final Channel streams;

    DirectUnaryChannel(Channel streams, BindableService... services) {
        this.streams = streams;
        for (BindableService s : services) {
            ServerServiceDefinition def = s.bindService();
            for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
                if (m.getMethodDescriptor().getType() == MethodDescriptor.MethodType.UNARY) {
                    unary.put(m.getMethodDescriptor().getFullMethodName(), m.getServerCallHandler());
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        ServerCallHandler<Q, R> handler = (ServerCallHandler<Q, R>) unary.get(method.getFullMethodName());
        if (handler == null) {
            return streams.newCall(method, options);
        }
        return new DirectCall<>(method, handler, options.getExecutor());
    }

    @Override
    public String authority() {
        return streams.authority();
    }

    private static final class DirectCall<Q, R> extends ClientCall<Q, R> {
        private final MethodDescriptor<Q, R> method;
        private final ServerCallHandler<Q, R> handler;
        private final Executor executor;
        private Listener<R> listener;
        private Q request;
        private boolean cancelled;
        private volatile boolean closed;

        DirectCall(MethodDescriptor<Q, R> method, ServerCallHandler<Q, R> handler, Executor executor) {
            this.method = method;
            this.handler = handler;
            this.executor = executor;
        }

        @Override
        public void start(Listener<R> responseListener, Metadata headers) {
            this.listener = responseListener;
        }

        @Override
        public void request(int numMessages) {
            // every answer is handed over as it comes: a unary call has one
        }

        @Override
        public void cancel(String message, Throwable cause) {
            if (!cancelled && !closed && listener != null) {
                cancelled = true;
                close(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
            }
        }

        @Override
        public void sendMessage(Q message) {
            request = message;
        }

        @Override
        public void halfClose() {
            if (cancelled) {
                return;
            }
            ServerCall.Listener<Q> server = handler.startCall(new ServerSide(), new Metadata());
            try {
                server.onMessage(request);
                server.onHalfClose();
            } catch (RuntimeException e) {
                if (!closed) {
                    close(Status.fromThrowable(e), new Metadata());
                }
                return;
            }
            if (closed) {
                server.onComplete();
            }
        }

        private void close(Status status, Metadata trailers) {
            closed = true;
            deliver(() -> listener.onClose(status, trailers));
        }

        private void deliver(Runnable callback) {
            if (executor == null) {
                callback.run();
            } else {
                executor.execute(callback);
            }
        }

        /** The server handler's side of the call: what it sends goes straight to the client's listener. */
        private final class ServerSide extends ServerCall<Q, R> {
            @Override
            public void request(int numMessages) {
                // the request is handed over by halfClose
            }

            @Override
            public void sendHeaders(Metadata headers) {
                deliver(() -> listener.onHeaders(headers));
            }

            @Override
            public void sendMessage(R message) {
                deliver(() -> listener.onMessage(message));
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (!closed) {
                    DirectCall.this.close(status, trailers);
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public MethodDescriptor<Q, R> getMethodDescriptor() {
                return method;
            }
        }
    }
}
