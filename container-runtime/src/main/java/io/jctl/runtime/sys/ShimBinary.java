package io.jctl.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Finds the {@code jctl-shim} executable: the {@code jctl.shim} system property or {@code JCTL_SHIM}
 * environment variable when set; else the build output on the class path
 * ({@code target/classes/native/jctl-shim}); else a {@code jctl-shim} next to the runtime's jar; else
 * the copy inside the jar, extracted once into a directory of the runtime's own.
 */
public final class ShimBinary {
    public static final String PROPERTY = "jctl.shim";
    private static final String RESOURCE = "/native/jctl-shim";

    private ShimBinary() {
    }

    public static Path locate(Path extractDir) throws IOException {
        String configured = System.getProperty(PROPERTY, System.getenv("JCTL_SHIM"));
        if (configured != null && !configured.isBlank()) {
            return executable(Path.of(configured));
        }
        URL url = ShimBinary.class.getResource(RESOURCE);
        if (url != null && url.getProtocol().equals("file")) {
            try {
                return executable(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                throw new IOException("bad class path location of " + RESOURCE + ": " + url, e);
            }
        }
        try {
            Path jar = Path.of(ShimBinary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = jar.resolveSibling("jctl-shim");
            if (Files.isExecutable(beside)) {
                return beside;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // no usable code source; fall through to extraction
        }
        if (url == null) {
            throw new IOException("jctl-shim not found: build container-runtime with Maven (it compiles "
                    + "src/main/c/jctl-shim.c with cc) or set -D" + PROPERTY + "=/path/to/jctl-shim");
        }
        return extract(url, extractDir);
    }

    private static Path executable(Path path) throws IOException {
        if (!Files.isExecutable(path)) {
            throw new IOException("jctl-shim at " + path + " is missing or not executable");
        }
        return path;
    }

    private static Path extract(URL url, Path dir) throws IOException {
        byte[] content;
        try (InputStream in = url.openStream()) {
            content = in.readAllBytes();
        }
        Files.createDirectories(dir);
        Path target = dir.resolve("jctl-shim");
        if (Files.isExecutable(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, "jctl-shim", ".tmp");
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
