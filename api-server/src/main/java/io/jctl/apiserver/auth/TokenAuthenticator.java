package io.jctl.apiserver.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates requests: {@code Authorization: Bearer <token>} against the admin token and the
 * optional {@code --token-auth-file}, and TLS client certificates against the cluster CA. Immutable
 * and thread-safe; build a new one to pick up a changed token file.
 */
public final class TokenAuthenticator {

    private static final String BEARER = "bearer";

    private final List<Entry> tokens;
    private final ClientCertificateAuthenticator certificates;

    /** {@code tokens} maps each token to its user; the map is copied. */
    public TokenAuthenticator(Map<String, UserInfo> tokens, ClientCertificateAuthenticator certificates) {
        List<Entry> entries = new ArrayList<>(tokens.size());
        tokens.forEach((token, user) -> entries.add(new Entry(digest(token), user)));
        this.tokens = List.copyOf(entries);
        this.certificates = certificates;
    }

    /**
     * The admin token of {@code dataDir} (created if missing) as user "admin" in "system:masters",
     * plus the users of {@code tokenAuthFile} if given, plus client certificates of {@code clientCa}.
     *
     * @throws TokenFileException when the token file has a bad line
     */
    public static TokenAuthenticator create(Path dataDir, Optional<Path> tokenAuthFile, X509Certificate clientCa)
            throws IOException {
        Map<String, UserInfo> tokens = new LinkedHashMap<>();
        tokens.put(AdminToken.ensure(dataDir), AdminToken.user());
        if (tokenAuthFile.isPresent()) {
            TokenFile.read(tokenAuthFile.get()).forEach(tokens::putIfAbsent);
        }
        return new TokenAuthenticator(tokens, new ClientCertificateAuthenticator(clientCa));
    }

    /** This authenticator plus one more token for {@code user} (e.g. the in-process loopback client's). */
    public TokenAuthenticator withToken(String token, UserInfo user) {
        TokenAuthenticator copy = new TokenAuthenticator(Map.of(token, user), certificates);
        List<Entry> entries = new ArrayList<>(tokens);
        entries.addAll(copy.tokens);
        return new TokenAuthenticator(entries, certificates);
    }

    private TokenAuthenticator(List<Entry> entries, ClientCertificateAuthenticator certificates) {
        this.tokens = List.copyOf(entries);
        this.certificates = certificates;
    }

    /**
     * The user of a {@code Bearer <token>} Authorization header value; empty for a missing,
     * malformed or unknown token. The scheme is case-insensitive as in Kubernetes.
     */
    public Optional<UserInfo> authenticate(String authorizationHeaderValue) {
        if (authorizationHeaderValue == null) {
            return Optional.empty();
        }
        String value = authorizationHeaderValue.strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = value.substring(space + 1);
        if (token.isEmpty() || hasWhitespace(token)) {
            return Optional.empty();
        }
        return lookUp(token);
    }

    /** The user named by a client certificate's CN and O, if our CA issued it for client auth. */
    public Optional<UserInfo> fromClientCertificate(X509Certificate certificate) {
        return certificates.authenticate(certificate);
    }

    /**
     * Compares digests of every known token without stopping at a match, so the time taken does
     * not tell an attacker how many leading bytes were right or which entry matched.
     */
    private Optional<UserInfo> lookUp(String token) {
        byte[] presented = digest(token);
        UserInfo match = null;
        for (Entry entry : tokens) {
            if (MessageDigest.isEqual(entry.digest, presented) && match == null) {
                match = entry.user;
            }
        }
        return Optional.ofNullable(match);
    }

    private static boolean hasWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] digest(String token) {
        // One digest per thread: looking up the provider per request cost as much as the hash.
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    });

    private record Entry(byte[] digest, UserInfo user) {
    }
}
