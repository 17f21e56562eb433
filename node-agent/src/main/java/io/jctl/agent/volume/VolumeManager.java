package io.jctl.agent.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.jctl.agent.pod.ObjectLookup;
import io.jctl.runtime.api.v1.Mount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sets up a pod's volumes under {@code <root>/pods/<uid>/volumes/<plugin>/<name>} and tears
 * them down. Setting up again is cheap and refreshes configMap and secret contents (atomically),
 * so pod workers call it on every sync. tmpfs needs root; without it (tests, hollow mode) the
 * volume is a plain directory.
 */
public final class VolumeManager {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeManager.class);
    private static final int DEFAULT_MODE = 0644;

    private final Path root;
    private final ObjectLookup lookup;
    private final boolean tmpfs;

    /** @param tmpfs mount tmpfs for secrets and memory-backed emptyDirs (needs root) */
    public VolumeManager(Path root, ObjectLookup lookup, boolean tmpfs) {
        this.root = root;
        this.lookup = lookup;
        this.tmpfs = tmpfs;
    }

    public Path podDir(String uid) {
        return root.resolve("pods").resolve(uid);
    }

    /** Prepares every volume of the pod; returns volume name → host directory or file. */
    public Map<String, Path> setUp(Pod pod) throws VolumeException {
        String uid = pod.getMetadata().getUid();
        String ns = pod.getMetadata().getNamespace();
        Path vols = podDir(uid).resolve("volumes");
        Map<String, Path> out = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            try {
                if (v.getEmptyDir() != null) {
                    Path dir = vols.resolve("kubernetes.io~empty-dir").resolve(v.getName());
                    Files.createDirectories(dir);
                    if ("Memory".equals(v.getEmptyDir().getMedium())) {
                        mountTmpfs(dir);
                    }
                    out.put(v.getName(), dir);
                } else if (v.getHostPath() != null) {
                    Path p = Path.of(v.getHostPath().getPath());
                    String type = v.getHostPath().getType() == null ? "" : v.getHostPath().getType();
                    if (type.equals("DirectoryOrCreate")) {
                        Files.createDirectories(p);
                    } else if (type.equals("FileOrCreate") && !Files.exists(p)) {
                        Files.createDirectories(p.getParent());
                        Files.createFile(p);
                    } else if ((type.equals("Directory") && !Files.isDirectory(p))
                            || (type.equals("File") && !Files.isRegularFile(p))) {
                        throw new VolumeException("MountVolume.SetUp failed for volume \"" + v.getName()
                                + "\" : hostPath type check failed: " + p + " is not a " + type.toLowerCase());
                    }
                    out.put(v.getName(), p);
                } else if (v.getConfigMap() != null) {
                    var src = v.getConfigMap();
                    Path dir = vols.resolve("kubernetes.io~configmap").resolve(v.getName());
                    Optional<ConfigMap> cm = lookup.configMap(ns, src.getName());
                    Map<String, byte[]> data = new LinkedHashMap<>();
                    if (cm.isPresent()) {
                        if (cm.get().getData() != null) {
                            cm.get().getData().forEach((k, s) -> data.put(k, s.getBytes(StandardCharsets.UTF_8)));
                        }
                        if (cm.get().getBinaryData() != null) {
                            cm.get().getBinaryData().forEach((k, s) -> data.put(k, Base64.getDecoder().decode(s)));
                        }
                    } else if (!Boolean.TRUE.equals(src.getOptional())) {
                        throw new VolumeException("MountVolume.SetUp failed for volume \"" + v.getName()
                                + "\" : configmap \"" + src.getName() + "\" not found");
                    }
                    AtomicWriter.write(dir, project(v.getName(), data, src.getItems(), src.getOptional()),
                            mode(src.getDefaultMode()));
                    out.put(v.getName(), dir);
                } else if (v.getSecret() != null) {
                    var src = v.getSecret();
                    Path dir = vols.resolve("kubernetes.io~secret").resolve(v.getName());
                    Files.createDirectories(dir);
                    mountTmpfs(dir);
                    Optional<Secret> s = lookup.secret(ns, src.getSecretName());
                    Map<String, byte[]> data = new LinkedHashMap<>();
                    if (s.isPresent()) {
                        if (s.get().getData() != null) {
                            s.get().getData().forEach((k, b) -> data.put(k, Base64.getDecoder().decode(b)));
                        }
                        if (s.get().getStringData() != null) {
                            s.get().getStringData().forEach((k, x) -> data.put(k, x.getBytes(StandardCharsets.UTF_8)));
                        }
                    } else if (!Boolean.TRUE.equals(src.getOptional())) {
                        throw new VolumeException("MountVolume.SetUp failed for volume \"" + v.getName()
                                + "\" : secret \"" + src.getSecretName() + "\" not found");
                    }
                    AtomicWriter.write(dir, project(v.getName(), data, src.getItems(), src.getOptional()),
                            mode(src.getDefaultMode()));
                    out.put(v.getName(), dir);
                } else {
                    // Other volume types (projected, downwardAPI, persistent claims) are not supported yet:
                    // an empty directory keeps the mount point valid.
                    Path dir = vols.resolve("unsupported").resolve(v.getName());
                    Files.createDirectories(dir);
                    out.put(v.getName(), dir);
                }
            } catch (IOException e) {
                throw new VolumeException("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e);
            }
        }
        return out;
    }

    private static Map<String, byte[]> project(String volume, Map<String, byte[]> data, List<KeyToPath> items,
                                               Boolean optional) throws VolumeException {
        if (items == null || items.isEmpty()) {
            return data;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                throw new VolumeException("MountVolume.SetUp failed for volume \"" + volume
                        + "\" : configmap references non-existent config key: " + item.getKey());
            }
            out.put(item.getPath(), v);
        }
        return out;
    }

    private static int mode(Integer m) {
        return m == null ? DEFAULT_MODE : m;
    }

    /** The bind mounts of one container, from its volumeMounts (subPath included). */
    public static List<Mount> mounts(Container c, Map<String, Path> volumes) {
        List<Mount> out = new ArrayList<>();
        for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            Path host = volumes.get(vm.getName());
            if (host == null) {
                continue;
            }
            if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                host = host.resolve(vm.getSubPath());
            }
            out.add(Mount.newBuilder().setContainerPath(vm.getMountPath()).setHostPath(host.toString())
                    .setReadonly(Boolean.TRUE.equals(vm.getReadOnly())).build());
        }
        return out;
    }

    /** Unmounts and deletes everything the pod had on this node. */
    public void tearDown(String uid) {
        Path dir = podDir(uid);
        if (!Files.exists(dir)) {
            return;
        }
        if (tmpfs) {
            for (String mp : mountPointsUnder(dir)) {
                run("umount", mp);
            }
        }
        try {
            AtomicWriter.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    private void mountTmpfs(Path dir) {
        if (!tmpfs || mountPointsUnder(dir).contains(dir.toAbsolutePath().toString())) {
            return;
        }
        if (!run("mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", dir.toString())) {
            LOG.warn("could not mount tmpfs on {}; the volume is an ordinary directory", dir);
        }
    }

    private static List<String> mountPointsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && (f[4].equals(prefix) || f[4].startsWith(prefix + "/"))) {
                    out.add(f[4]);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
