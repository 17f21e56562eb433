package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.api.v1.KeyValue;
import io.jctl.runtime.api.v1.SecurityContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a container runs, as Kubernetes maps a pod's container onto its image: {@code command}
 * replaces ENTRYPOINT, {@code args} replaces CMD (and a command without args drops CMD), env is
 * merged over the image's, workingDir and runAsUser/runAsGroup override the image's; user names are
 * looked up in the image's /etc/passwd and /etc/group.
 */
record ProcessSpec(List<String> argv, List<String> env, String cwd, long uid, long gid, List<Long> groups) {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static List<String> argv(ImageConfig image, ContainerConfig c) {
        List<String> argv = new ArrayList<>();
        if (c.getCommandCount() > 0) {
            argv.addAll(c.getCommandList());
            argv.addAll(c.getArgsList());
        } else {
            argv.addAll(image.getEntrypointList());
            argv.addAll(c.getArgsCount() > 0 ? c.getArgsList() : image.getCmdList());
        }
        return argv;
    }

    static List<String> env(ImageConfig image, List<KeyValue> overrides, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : image.getEnvList()) {
            int eq = kv.indexOf('=');
            env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        for (KeyValue kv : overrides) {
            env.put(kv.getKey(), kv.getValue());
        }
        List<String> out = new ArrayList<>();
        if (!env.containsKey("PATH")) {
            out.add(DEFAULT_PATH);
        }
        if (!env.containsKey("HOSTNAME") && hostname != null) {
            out.add("HOSTNAME=" + hostname);
        }
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    static ProcessSpec of(ImageConfig image, ContainerConfig c, List<Path> layers, String hostname) throws IOException {
        List<String> argv = argv(image, c);
        if (argv.isEmpty()) {
            throw RuntimeFailure.invalid("container " + c.getMetadata().getName() + ": nothing to run: the image has no "
                    + "ENTRYPOINT or CMD and the container sets no command; set command (and args)");
        }
        String cwd = !c.getWorkingDir().isEmpty() ? c.getWorkingDir() : !image.getWorkingDir().isEmpty() ? image.getWorkingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw RuntimeFailure.invalid("container " + c.getMetadata().getName() + ": workingDir " + cwd + " is not an absolute path");
        }
        SecurityContext sc = c.getSecurityContext();
        String user = image.getUser();
        String userPart = user;
        String groupPart = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            userPart = user.substring(0, colon);
            groupPart = user.substring(colon + 1);
        }
        List<String[]> passwd = table(imageFile(layers, "passwd"));
        List<String[]> group = table(imageFile(layers, "group"));
        long uid;
        String userName = null;
        Long primaryGid = null;
        if (sc.hasRunAsUser()) {
            uid = sc.getRunAsUser();
        } else if (userPart.isEmpty()) {
            uid = 0;
        } else if (userPart.chars().allMatch(Character::isDigit)) {
            uid = Long.parseLong(userPart);
        } else {
            String[] entry = passwd.stream().filter(e -> e.length > 3 && e[0].equals(userPart2(user))).findFirst()
                    .orElseThrow(() -> RuntimeFailure.invalid("container " + c.getMetadata().getName() + ": the image's user "
                            + user + " is not in its /etc/passwd; set securityContext.runAsUser to a numeric uid"));
            uid = Long.parseLong(entry[2]);
        }
        for (String[] e : passwd) {
            if (e.length > 3 && e[2].equals(Long.toString(uid))) {
                userName = e[0];
                primaryGid = Long.parseLong(e[3]);
                break;
            }
        }
        long gid;
        if (sc.hasRunAsGroup()) {
            gid = sc.getRunAsGroup();
        } else if (groupPart != null && !groupPart.isEmpty() && !sc.hasRunAsUser()) {
            if (groupPart.chars().allMatch(Character::isDigit)) {
                gid = Long.parseLong(groupPart);
            } else {
                String gp = groupPart;
                gid = group.stream().filter(e -> e.length > 2 && e[0].equals(gp)).findFirst()
                        .map(e -> Long.parseLong(e[2]))
                        .orElseThrow(() -> RuntimeFailure.invalid("container " + c.getMetadata().getName() + ": the image's group "
                                + gp + " is not in its /etc/group; set securityContext.runAsGroup"));
            }
        } else {
            gid = primaryGid != null ? primaryGid : 0;
        }
        Set<Long> groups = new LinkedHashSet<>();
        if (userName != null) {
            for (String[] e : group) {
                if (e.length > 3 && List.of(e[3].split(",")).contains(userName)) {
                    groups.add(Long.parseLong(e[2]));
                }
            }
        }
        groups.addAll(sc.getSupplementalGroupsList());
        return new ProcessSpec(argv, env(image, c.getEnvsList(), hostname), cwd, uid, gid, List.copyOf(groups));
    }

    private static String userPart2(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
    }

    /** /etc/NAME as the stacked layers show it: the highest layer that has it, unless a whiteout hides it. */
    static Path imageFile(List<Path> layersLowestFirst, String name) {
        for (int i = layersLowestFirst.size() - 1; i >= 0; i--) {
            Path etc = layersLowestFirst.get(i).resolve("etc");
            if (Files.exists(etc.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return etc.resolve(name);
            }
            if (Files.exists(etc.resolve(".wh." + name), LinkOption.NOFOLLOW_LINKS) || Files.exists(etc.resolve(".wh..wh..opq"))) {
                return null;
            }
        }
        return null;
    }

    /** The colon-separated lines of an image's passwd or group file; a symlink is not followed out of the image. */
    private static List<String[]> table(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split(":", -1));
            }
        }
        return rows;
    }
}
