package io.jctl.agent.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node ports on 127.0.0.1 reach the pods of other nodes too, as with kube-proxy's default
 * ({@code --iptables-localhost-nodeports}). The kernel sends no packet with a loopback source out
 * of a device without {@code route_localnet}, so a connection to {@code 127.0.0.1:<nodePort>}
 * that the proxy DNATs to another node's pod lost its SYN (the proxy masquerades node-port
 * traffic, so with the setting the packets leave with the device's address). This sets it on
 * the devices that carry the routes to other nodes' pods. It would also let in packets for
 * 127.0.0.0/8 that arrive on those devices from the network, so each device first gets a rule
 * that drops them unless they answer a connection made from this node (kube-proxy's fix of
 * CVE-2020-8558). Each rule's comment records the device's previous value, which
 * {@link #cleanup()} restores, after an agent restart too.
 */
public final class LoopbackNodePorts {
    private static final Pattern DEVICE = Pattern.compile(" -i (\\S+)");
    private static final Pattern WAS = Pattern.compile("route_localnet was (\\d)");

    private final Iptables iptables;
    private final String chain;
    private final Path conf;
    private Set<String> applied;

    /** The sysctls are those of the network namespace of the thread that calls {@link #apply} or {@link #cleanup()}. */
    public LoopbackNodePorts(ProxyConfig config) {
        this.iptables = new Iptables(config.iptables());
        this.chain = config.chainPrefix() + "-LOCALNET";
        this.conf = Path.of("/proc/sys/net/ipv4/conf");
    }

    /**
     * Makes {@code devices} (by name) the ones with route_localnet on and guarded; devices set
     * before and not among them get their previous value back. Does nothing if they did not change
     * since the last call.
     */
    public synchronized void apply(Set<String> devices) throws IOException {
        if (devices.equals(applied)) {
            return;
        }
        SavedRules saved = SavedRules.parse(iptables.save("filter"));
        Map<String, String> previous = recorded(saved);
        Map<String, String> wanted = new TreeMap<>();
        for (String device : devices) {
            String was = previous.containsKey(device) ? previous.get(device) : read(device);
            if (was != null) {
                wanted.put(device, was);
            }
        }
        Map<String, String> gone = new TreeMap<>(previous);
        gone.keySet().removeAll(wanted.keySet());
        if (wanted.isEmpty() && gone.isEmpty() && !saved.hasChain("filter", chain)) {
            applied = Set.copyOf(devices); // a single node: nothing to route, nothing to write
            return;
        }
        // The guard before the setting, the setting back before its guard goes: never one without the other.
        Map<String, String> guarded = new TreeMap<>(wanted);
        guarded.putAll(gone);
        iptables.restore(script(guarded, saved));
        for (String device : wanted.keySet()) {
            write(device, "1");
        }
        for (Map.Entry<String, String> e : gone.entrySet()) {
            write(e.getKey(), e.getValue());
        }
        if (!gone.isEmpty()) {
            iptables.restore(script(wanted, SavedRules.parse(iptables.save("filter"))));
        }
        applied = Set.copyOf(devices);
    }

    /** Gives every device its previous route_localnet back and removes the guard rules. */
    public synchronized void cleanup() throws IOException {
        SavedRules saved = SavedRules.parse(iptables.save("filter"));
        for (Map.Entry<String, String> e : recorded(saved).entrySet()) {
            write(e.getKey(), e.getValue());
        }
        StringBuilder script = new StringBuilder();
        for (String rule : saved.rules("filter")) {
            if (rule.startsWith("-A INPUT ") && rule.endsWith("-j " + chain)) {
                script.append("-D").append(rule.substring(2)).append('\n');
            }
        }
        if (saved.hasChain("filter", chain)) {
            script.append("-F ").append(chain).append('\n').append("-X ").append(chain).append('\n');
        }
        if (script.length() > 0) {
            iptables.restore("*filter\n" + script + "COMMIT\n");
        }
        applied = null;
    }

    /** Device to its value before us, from the guard rules' comments. */
    Map<String, String> recorded(SavedRules saved) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String rule : saved.rules("filter")) {
            if (!rule.startsWith("-A " + chain + " ")) {
                continue;
            }
            Matcher device = DEVICE.matcher(rule);
            Matcher was = WAS.matcher(rule);
            if (device.find() && was.find()) {
                out.putIfAbsent(device.group(1), was.group(1));
            }
        }
        return out;
    }

    String script(Map<String, String> devices, SavedRules saved) {
        StringBuilder s = new StringBuilder("*filter\n:").append(chain).append(" - [0:0]\n");
        devices.forEach((device, was) -> s.append("-A ").append(chain).append(" -i ").append(device)
                .append(" -d 127.0.0.0/8 -m comment --comment \"jctl loopback node ports: route_localnet was ").append(was)
                .append("\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n"));
        if (!saved.hasJump("filter", "INPUT", chain)) {
            s.append("-I INPUT -j ").append(chain).append('\n');
        }
        return s.append("COMMIT\n").toString();
    }

    private String read(String device) throws IOException {
        try {
            return Files.readString(conf.resolve(device).resolve("route_localnet"), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return null; // the device is gone
        }
    }

    private void write(String device, String value) throws IOException {
        Path file = conf.resolve(device).resolve("route_localnet");
        if (Files.exists(file)) {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        }
    }
}
