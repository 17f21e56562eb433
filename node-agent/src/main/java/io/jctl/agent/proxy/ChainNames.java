package io.jctl.agent.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The names of our chains. Per-service and per-endpoint chains carry a hash of what they stand
 * for, as kube-proxy's {@code KUBE-SVC-<hash>}, so that a restarted proxy computes the same names
 * and rewrites its chains in place; 12 base32 characters keep {@code <prefix>-SEP-<hash>} within
 * iptables' 28-character limit.
 */
final class ChainNames {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int HASH_LENGTH = 12;

    final String services;
    final String nodePorts;
    final String markMasquerade;
    final String masquerade;
    final String externalServices;
    final String forward;
    final String servicePrefix;
    final String endpointPrefix;

    ChainNames(String prefix) {
        this.services = prefix + "-SERVICES";
        this.nodePorts = prefix + "-NODEPORTS";
        this.markMasquerade = prefix + "-MARK-MASQ";
        this.masquerade = prefix + "-MASQUERADE";
        this.externalServices = prefix + "-EXTERNAL-SERVICES";
        this.forward = prefix + "-PROXY-FORWARD";
        this.servicePrefix = prefix + "-SVC-";
        this.endpointPrefix = prefix + "-SEP-";
    }

    String service(ProxiedPort port) {
        return servicePrefix + hash(port.displayName() + port.protocol());
    }

    String endpoint(ProxiedPort port, ProxiedPort.Endpoint endpoint) {
        return endpointPrefix + hash(port.displayName() + port.protocol() + endpoint);
    }

    /** Whether a chain is one of our per-service or per-endpoint chains (nat table). */
    boolean isPerServiceChain(String chain) {
        return chain.startsWith(servicePrefix) || chain.startsWith(endpointPrefix);
    }

    static String hash(String s) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(HASH_LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : digest) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < HASH_LENGTH) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (out.length() == HASH_LENGTH) {
                break;
            }
        }
        return out.toString();
    }
}
