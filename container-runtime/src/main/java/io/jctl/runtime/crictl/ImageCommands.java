package io.jctl.runtime.crictl;

import io.jctl.runtime.api.v1.AuthConfig;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.api.v1.ImageFilter;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.ImportImageRequest;
import io.jctl.runtime.api.v1.ImportImageResponse;
import io.jctl.runtime.api.v1.ListImagesRequest;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;
import io.jctl.runtime.api.v1.RemoveImageRequest;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** crictl's image commands: images, pull, import, rmi, inspecti. */
final class ImageCommands {
    private ImageCommands() {
    }

    static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    /** "docker.io/library/busybox:latest" → repository and tag, as crictl splits them. */
    static String[] repoAndTag(String repoTag) {
        int slash = repoTag.lastIndexOf('/');
        int colon = repoTag.lastIndexOf(':');
        return colon > slash ? new String[]{repoTag.substring(0, colon), repoTag.substring(colon + 1)}
                : new String[]{repoTag, "<none>"};
    }

    @Command(name = "images", aliases = {"image", "img"}, description = "List images.")
    static final class Images extends CrictlSubcommand {
        @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "Only this image.")
        String image;
        @Option(names = {"-q", "--quiet"}, description = "Only show image ids.")
        boolean quiet;
        @Option(names = "--digests", description = "Show digests.")
        boolean digests;
        @Option(names = "--no-trunc", description = "Show full ids.")
        boolean noTrunc;

        @Override
        int run(RuntimeClient client) {
            ListImagesRequest.Builder request = ListImagesRequest.newBuilder();
            if (image != null) {
                request.setFilter(ImageFilter.newBuilder().setImage(spec(image)));
            }
            List<Image> images = new ArrayList<>(client.images().listImages(request.build()).getImagesList());
            images.sort(Comparator.comparing(i -> i.getRepoTagsCount() > 0 ? i.getRepoTags(0) : "~" + i.getId()));
            if (quiet) {
                images.forEach(i -> out().println(noTrunc ? i.getId() : Human.shortId(i.getId(), false)));
                return 0;
            }
            Table table = digests ? new Table("IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE") : new Table("IMAGE", "TAG", "IMAGE ID", "SIZE");
            for (Image i : images) {
                String digest = i.getRepoDigestsCount() > 0 ? i.getRepoDigests(0).substring(i.getRepoDigests(0).indexOf('@') + 1) : "<none>";
                String shortDigest = digest.startsWith("sha256:") ? Human.shortId(digest, noTrunc) : digest;
                List<String[]> names = new ArrayList<>();
                i.getRepoTagsList().forEach(t -> names.add(repoAndTag(t)));
                if (names.isEmpty()) {
                    String repo = i.getRepoDigestsCount() > 0 ? i.getRepoDigests(0).substring(0, i.getRepoDigests(0).indexOf('@')) : "<none>";
                    names.add(new String[]{repo, "<none>"});
                }
                for (String[] n : names) {
                    String id = Human.shortId(i.getId(), noTrunc);
                    String size = Human.size(i.getSize());
                    if (digests) {
                        table.row(n[0], n[1], shortDigest, id, size);
                    } else {
                        table.row(n[0], n[1], id, size);
                    }
                }
            }
            table.print(out());
            return 0;
        }
    }

    @Command(name = "pull", description = "Pull an image from a registry.")
    static final class Pull extends CrictlSubcommand {
        @Parameters(paramLabel = "IMAGE")
        String image;
        @Option(names = "--creds", paramLabel = "USER[:PASSWORD]", description = "Registry credentials.")
        String creds;
        @Option(names = "--auth", paramLabel = "TOKEN", description = "A bearer token for the registry.")
        String token;
        @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
        boolean quiet;

        @Override
        int run(RuntimeClient client) {
            AuthConfig.Builder auth = AuthConfig.newBuilder();
            if (creds != null) {
                int colon = creds.indexOf(':');
                auth.setUsername(colon < 0 ? creds : creds.substring(0, colon));
                auth.setPassword(colon < 0 ? "" : creds.substring(colon + 1));
            }
            if (token != null) {
                auth.setRegistryToken(token);
            }
            Image pulled = null;
            Iterator<PullImageProgress> it = client.images().pullImage(
                    PullImageRequest.newBuilder().setImage(spec(image)).setAuth(auth).build());
            while (it.hasNext()) {
                PullImageProgress p = it.next();
                if (p.hasImage()) {
                    pulled = p.getImage();
                } else if (!quiet) {
                    err().println(p.getMessage());
                }
            }
            if (pulled == null) {
                err().println("crictl pull: the runtime ended the pull without an image");
                return 1;
            }
            out().println("Image is up to date for " + pulled.getId());
            return 0;
        }
    }

    @Command(name = "import", description = "Import a `docker save` or OCI archive, a root filesystem directory, "
            + "or (--busybox) the busybox image made from /bin/busybox.")
    static final class Import extends CrictlSubcommand {
        @Parameters(arity = "0..1", paramLabel = "PATH", description = "Archive or directory on the runtime's host.")
        Path path;
        @Option(names = {"-t", "--tag"}, paramLabel = "IMAGE", description = "Name the imported image (repeatable).")
        List<String> tags = new ArrayList<>();
        @Option(names = "--rootfs", description = "PATH is a root filesystem directory.")
        boolean rootfs;
        @Option(names = "--entrypoint", split = ",", description = "With --rootfs: the entrypoint (comma separated).")
        List<String> entrypoint = new ArrayList<>();
        @Option(names = "--cmd", split = ",", description = "With --rootfs: the command (comma separated).")
        List<String> cmd = new ArrayList<>();
        @Option(names = "--env", paramLabel = "K=V", description = "With --rootfs: an environment variable (repeatable).")
        List<String> env = new ArrayList<>();
        @Option(names = "--workdir", description = "With --rootfs: the working directory.")
        String workdir;
        @Option(names = "--busybox", description = "Import the busybox image (" + BusyboxImage.REFERENCE + ", busybox:latest).")
        boolean busybox;

        @Override
        int run(RuntimeClient client) throws Exception {
            ImportImageRequest.Builder request = ImportImageRequest.newBuilder().addAllTags(tags);
            Path tmp = null;
            try {
                if (busybox) {
                    tmp = Files.createTempDirectory("jctl-busybox");
                    BusyboxImage.writeRootfs(BusyboxImage.DEFAULT_BINARY, tmp);
                    request.setPath(tmp.toString()).setRootfsDir(true).setConfig(BusyboxImage.config())
                            .addTags(BusyboxImage.REFERENCE).addTags(BusyboxImage.DOCKER_HUB_ALIAS);
                } else {
                    if (path == null) {
                        throw new IllegalArgumentException("give a PATH to import, or --busybox");
                    }
                    request.setPath(path.toAbsolutePath().toString()).setRootfsDir(rootfs);
                    if (rootfs) {
                        ImageConfig.Builder config = ImageConfig.newBuilder().addAllEntrypoint(entrypoint).addAllCmd(cmd).addAllEnv(env);
                        if (workdir != null) {
                            config.setWorkingDir(workdir);
                        }
                        request.setConfig(config);
                    }
                }
                ImportImageResponse response = client.images().importImage(request.build());
                for (Image i : response.getImagesList()) {
                    out().println("Imported " + i.getId() + (i.getRepoTagsCount() > 0 ? " as " + String.join(", ", i.getRepoTagsList()) : ""));
                }
                return 0;
            } finally {
                if (tmp != null) {
                    try (Stream<Path> walk = Files.walk(tmp)) {
                        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }

    @Command(name = "rmi", description = "Remove images.")
    static final class RemoveImage extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> images;

        @Override
        int run(RuntimeClient client) {
            for (String image : images) {
                Image found = client.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec(image)).build()).getImage();
                client.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec(image)).build());
                // As crictl: the image goes with all its names, and each is reported.
                if (found.getRepoTagsCount() == 0) {
                    out().println("Deleted: " + found.getId());
                }
                found.getRepoTagsList().forEach(tag -> out().println("Deleted: " + tag));
            }
            return 0;
        }
    }

    @Command(name = "inspecti", description = "Show an image's status as JSON.")
    static final class InspectImage extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> images;

        @Override
        int run(RuntimeClient client) {
            for (String image : images) {
                out().println(ProtoJson.pretty(client.images().imageStatus(
                        ImageStatusRequest.newBuilder().setImage(spec(image)).build())));
            }
            return 0;
        }
    }
}
