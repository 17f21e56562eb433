package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenAuthenticatorTest {

    @TempDir
    Path dataDir;

    private ServerPki pki;
    private TokenAuthenticator authenticator;
    private String adminToken;

    @BeforeEach
    void setUp() throws Exception {
        pki = ServerPki.ensure(dataDir, List.of());
        Path tokenFile = dataDir.resolve("tokens.csv");
        Files.writeString(tokenFile, "dev-token,alice,uid-1,\"dev,ops\"\nci-token,ci,uid-2\n");
        authenticator = TokenAuthenticator.create(dataDir, Optional.of(tokenFile), pki.caCertificate());
        adminToken = Files.readString(dataDir.resolve("admin.token")).strip();
    }

    @Test
    void adminTokenIs32RandomBytesInAnOwnerOnlyFileKeptAcrossStarts() throws Exception {
        Path file = dataDir.resolve("admin.token");
        assertThat(adminToken).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(AdminToken.ensure(dataDir)).isEqualTo(adminToken);
        assertThat(AdminToken.ensure(Files.createDirectory(dataDir.resolve("other")))).isNotEqualTo(adminToken);
    }

    @Test
    void acceptsTheAdminToken() {
        assertThat(authenticator.authenticate("Bearer " + adminToken))
                .contains(new UserInfo("admin", "", List.of("system:masters")));
        assertThat(authenticator.authenticate("bearer " + adminToken)).isPresent();
    }

    @Test
    void withTokenAddsOneUserAndKeepsTheOthers() {
        TokenAuthenticator more = authenticator.withToken("loop-token", new UserInfo("system:apiserver", "",
                List.of("system:masters")));

        assertThat(more.authenticate("Bearer loop-token")).contains(new UserInfo("system:apiserver", "",
                List.of("system:masters")));
        assertThat(more.authenticate("Bearer dev-token")).map(UserInfo::name).contains("alice");
        assertThat(authenticator.authenticate("Bearer loop-token")).isEmpty();
    }

    @Test
    void acceptsTokenFileTokens() {
        assertThat(authenticator.authenticate("Bearer dev-token"))
                .contains(new UserInfo("alice", "uid-1", List.of("dev", "ops")));
        assertThat(authenticator.authenticate("Bearer ci-token"))
                .contains(new UserInfo("ci", "uid-2", List.of()));
    }

    @Test
    void worksWithoutATokenFile() throws Exception {
        TokenAuthenticator adminOnly = TokenAuthenticator.create(dataDir, Optional.empty(), pki.caCertificate());

        assertThat(adminOnly.authenticate("Bearer " + adminToken)).isPresent();
        assertThat(adminOnly.authenticate("Bearer dev-token")).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "", "Bearer", "Bearer ", "Bearer  dev-token", "Bearer dev-token extra", "Basic dev-token",
        "dev-token", "Bearer dev-tokem", "Bearer dev-token2", "Bearer DEV-TOKEN", "Bearerdev-token",
        "Token dev-token", "Bearer\tdev-token"
    })
    void rejectsMissingMalformedAndWrongHeaders(String header) {
        assertThat(authenticator.authenticate(header)).isEmpty();
    }
}
