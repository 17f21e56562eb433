package io.jctl.dist.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bearer token per agent (user {@code system:node:<node>} in group {@code system:nodes}), kept in
 * the node's directory and listed in the api-server's {@code --token-auth-file}: agents never hold
 * the admin token.
 */
final class NodeTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeTokens() {
    }

    /** Writes missing token files and the server's token file for the plan's agents. */
    static void write(ClusterLayout layout, ClusterPlan plan, DaemonCommands commands) throws IOException {
        StringBuilder csv = new StringBuilder("# written by jctld up: the agents' tokens\n");
        for (NodePlan n : plan.nodes()) {
            csv.append(line(ensure(commands.tokenFile(n.name())), "system:node:" + n.name()));
        }
        if (plan.hollowNodes() > 0) {
            csv.append(line(ensure(commands.tokenFile(ClusterPlan.HOLLOW)), "system:node:" + ClusterPlan.HOLLOW));
        }
        writeSecret(layout.tokensFile(), csv.toString());
    }

    private static String line(String token, String user) {
        return token + "," + user + "," + user + ",\"system:nodes\"\n";
    }

    private static String ensure(Path file) throws IOException {
        if (Files.exists(file)) {
            String t = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!t.isEmpty()) {
                return t;
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        writeSecret(file, token + "\n");
        return token;
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
