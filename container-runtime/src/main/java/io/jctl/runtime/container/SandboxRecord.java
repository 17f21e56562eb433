package io.jctl.runtime.container;

import java.util.LinkedHashMap;
import java.util.Map;

/** A pod sandbox's persisted state ({@code <runDir>/sandboxes/<id>/sandbox.json}); the full config sits beside it in config.pb. */
public final class SandboxRecord {
    public String id;
    public String name;
    public String namespace;
    public String uid;
    public int attempt;
    public String hostname;
    public boolean hostNetwork;
    public boolean ready;
    public long createdAt;
    public String ip = "";
    public int prefixLength;
    public String gateway = "";
    public String netnsPath;
    public String ipcnsPath;
    public String utsnsPath;
    public String logDirectory = "";
    public Map<String, String> labels = new LinkedHashMap<>();
    public Map<String, String> annotations = new LinkedHashMap<>();
}
