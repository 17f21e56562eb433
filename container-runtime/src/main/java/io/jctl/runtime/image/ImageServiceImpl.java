package io.jctl.runtime.image;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jctl.runtime.api.v1.AuthConfig;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.ImageStatusResponse;
import io.jctl.runtime.api.v1.ImportImageRequest;
import io.jctl.runtime.api.v1.ImportImageResponse;
import io.jctl.runtime.api.v1.ListImagesRequest;
import io.jctl.runtime.api.v1.ListImagesResponse;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;
import io.jctl.runtime.api.v1.RemoveImageRequest;
import io.jctl.runtime.api.v1.RemoveImageResponse;

import java.nio.file.Path;
import java.util.List;

/** The gRPC ImageService over an {@link ImageStore} and an {@link ImagePuller}. */
public final class ImageServiceImpl extends ImageServiceGrpc.ImageServiceImplBase {
    private final ImageStore store;
    private final ImagePuller puller;

    public ImageServiceImpl(ImageStore store, ImagePuller puller) {
        this.store = store;
        this.puller = puller;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> void unary(StreamObserver<T> observer, Call<T> call) {
        T result;
        try {
            result = call.run();
        } catch (Exception e) {
            observer.onError(ImageErrors.toStatus(e));
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }

    private static String required(String image, String what) {
        if (image == null || image.isBlank()) {
            throw Status.INVALID_ARGUMENT.withDescription(what + ": image is required").asRuntimeException();
        }
        return image;
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageProgress> observer) {
        ServerCallStreamObserver<PullImageProgress> server = (ServerCallStreamObserver<PullImageProgress>) observer;
        try {
            String image = required(request.getImage().getImage(), "PullImage");
            AuthConfig a = request.getAuth();
            Image result = puller.pull(image, new RegistryAuth(a.getUsername(), a.getPassword(), a.getRegistryToken()),
                    (message, done, total) -> {
                        if (server.isCancelled()) {
                            throw Status.CANCELLED.withDescription("the client went away").asRuntimeException();
                        }
                        synchronized (server) {
                            server.onNext(PullImageProgress.newBuilder().setMessage(message)
                                    .setBytesDone(done).setBytesTotal(total).build());
                        }
                    });
            server.onNext(PullImageProgress.newBuilder().setMessage("Image is up to date for " + image)
                    .setImage(result).build());
            server.onCompleted();
        } catch (Exception e) {
            if (!server.isCancelled()) {
                server.onError(ImageErrors.toStatus(e));
            }
        }
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> observer) {
        unary(observer, () -> {
            String filter = request.getFilter().getImage().getImage();
            List<Image> images = filter.isEmpty() ? store.list() : store.find(filter).map(List::of).orElse(List.of());
            return ListImagesResponse.newBuilder().addAllImages(images).build();
        });
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> observer) {
        unary(observer, () -> {
            String image = required(request.getImage().getImage(), "ImageStatus");
            Image found = store.find(image).orElseThrow(() -> new ImageNotFoundException(image));
            return ImageStatusResponse.newBuilder().setImage(found).build();
        });
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> observer) {
        unary(observer, () -> {
            store.remove(required(request.getImage().getImage(), "RemoveImage"));
            return RemoveImageResponse.getDefaultInstance();
        });
    }

    @Override
    public void importImage(ImportImageRequest request, StreamObserver<ImportImageResponse> observer) {
        unary(observer, () -> {
            if (request.getPath().isBlank()) {
                throw new IllegalArgumentException("ImportImage: path is required (a tarball or, with rootfs_dir, a directory)");
            }
            Path path = Path.of(request.getPath());
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("ImportImage: path " + path + " must be absolute (it is read by the runtime)");
            }
            List<Image> images = request.getRootfsDir()
                    ? List.of(store.importRootfs(path, request.getConfig(), request.getTagsList()))
                    : store.importArchive(path, request.getTagsList());
            return ImportImageResponse.newBuilder().addAllImages(images).build();
        });
    }
}
