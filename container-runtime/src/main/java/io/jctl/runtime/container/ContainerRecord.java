package io.jctl.runtime.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's persisted state ({@code <runDir>/containers/<id>/state.json}), written once per state change. */
public final class ContainerRecord {
    public enum State { CREATED, RUNNING, EXITED }

    /** A bind mount, as given. */
    public record BindMount(String containerPath, String hostPath, boolean readonly) {
    }

    public String id;
    public String sandboxId;
    public String name;
    public int attempt;
    public String image;
    public String imageRef;
    public State state = State.CREATED;
    public long createdAt;
    public long startedAt;
    public long finishedAt;
    public int exitCode;
    public String reason = "";
    public String message = "";
    public int pid;
    public long pidStartTime = -1;
    public int monitorPid;
    public long monitorStartTime = -1;
    public String logPath;
    /** The overlayfs mount options of its root (null in records of runtimes that kept them in a file). */
    public String overlay;
    public String cgroupPath;
    public List<String> argv = new ArrayList<>();
    public List<String> env = new ArrayList<>();
    public String cwd = "/";
    public long uid;
    public long gid;
    public List<Long> groups = new ArrayList<>();
    public long capabilities;
    public boolean privileged;
    public boolean noNewPrivs;
    public boolean readonlyRootfs;
    public int stopSignal = 15;
    public List<BindMount> mounts = new ArrayList<>();
    public Map<String, String> labels = new LinkedHashMap<>();
    public Map<String, String> annotations = new LinkedHashMap<>();
}
