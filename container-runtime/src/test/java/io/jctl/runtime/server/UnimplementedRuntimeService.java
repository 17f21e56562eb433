package io.jctl.runtime.server;

import io.grpc.stub.StreamObserver;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.api.v1.VersionRequest;
import io.jctl.runtime.api.v1.VersionResponse;

/**
 * A RuntimeService that only answers Version; every other call fails with UNIMPLEMENTED. Serves
 * until the container runtime's own implementation is plugged into the daemon.
 */
public final class UnimplementedRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        observer.onNext(RuntimeDaemon.version(""));
        observer.onCompleted();
    }
}
