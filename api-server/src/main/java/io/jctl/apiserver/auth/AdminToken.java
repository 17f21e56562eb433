package io.jctl.apiserver.auth;

import io.jctl.api.files.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** The cluster-admin bearer token in {@code <dataDir>/admin.token}: 32 random bytes, base64url, file mode 0600. */
public final class AdminToken {

    public static final String FILE_NAME = "admin.token";
    public static final String USER = "admin";
    public static final String GROUP = "system:masters";

    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminToken() {
    }

    /** Reads the token, creating the file at first start. */
    public static String ensure(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            SecureFiles.restrictToOwner(file);
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IOException("Admin token file " + file + " is empty; delete it to generate a new token");
            }
            return token;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        SecureFiles.writeSecret(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    static UserInfo user() {
        return new UserInfo(USER, "", List.of(GROUP));
    }
}
