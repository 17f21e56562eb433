package io.jctl.cli.config;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds and reads the kubeconfig file as kubectl does, with jctl's own default location. */
public final class KubeconfigFiles {
    private KubeconfigFiles() {
    }

    /**
     * {@code --kubeconfig} if given; else the first existing file of {@code $KUBECONFIG} (the
     * first entry if none exists, so writes go where kubectl would write); else
     * {@code $HOME/.jctl/config}.
     */
    public static Path locate(String flag, Map<String, String> env) {
        return locate(flag, env, Path.of(""));
    }

    /** Like {@link #locate(String, Map)}, relative names taken from {@code cwd}. */
    public static Path locate(String flag, Map<String, String> env, Path cwd) {
        if (flag != null && !flag.isEmpty()) {
            return cwd.resolve(flag);
        }
        String kc = env.get("KUBECONFIG");
        if (kc != null && !kc.isBlank()) {
            Path first = null;
            for (String part : kc.split(File.pathSeparator)) {
                if (part.isBlank()) {
                    continue;
                }
                Path p = cwd.resolve(part.trim());
                if (first == null) {
                    first = p;
                }
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            if (first != null) {
                return first;
            }
        }
        return home(env).resolve(".jctl").resolve("config");
    }

    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
    }

    /** Reads the file; a missing or malformed file is a CliException saying what to do. */
    public static KubeConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new CliException("error: no kubeconfig at " + file + ".\nStart a cluster with `jctld up`, "
                    + "or pass --kubeconfig FILE (or --server URL --token TOKEN).");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return KubeConfig.parse(text, file.toAbsolutePath().getParent());
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("error: cannot read kubeconfig " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException("error: kubeconfig " + file + " is not valid: " + firstLine(e.getMessage()));
        }
    }

    /** Writes the kubeconfig back, mode 0600. */
    public static void save(KubeConfig config, Path file) {
        try {
            config.write(file);
        } catch (UncheckedIOException e) {
            throw new CliException("error: cannot write kubeconfig " + file + ": " + e.getCause().getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
