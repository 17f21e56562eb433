package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateAuthenticatorTest {

    @TempDir
    Path dataDir;

    private ServerPki pki;
    private ClientCertificateAuthenticator authenticator;

    @BeforeEach
    void setUp() throws Exception {
        pki = ServerPki.ensure(dataDir, List.of());
        authenticator = new ClientCertificateAuthenticator(pki.caCertificate());
    }

    @Test
    void userFromCommonNameAndGroupsFromOrganizations() throws Exception {
        X509Certificate cert = parse(pki.issueClientCertificate("system:node:n1", List.of("system:nodes", "b")));

        assertThat(authenticator.authenticate(cert))
                .contains(new UserInfo("system:node:n1", "", List.of("system:nodes", "b")));
    }

    @Test
    void tokenAuthenticatorDelegatesClientCertificates() throws Exception {
        TokenAuthenticator tokens = new TokenAuthenticator(Map.of(), authenticator);
        X509Certificate cert = parse(pki.issueClientCertificate("jane", List.of()));

        assertThat(tokens.fromClientCertificate(cert)).contains(new UserInfo("jane", "", List.of()));
    }

    @Test
    void rejectsCertificateOfAnotherCa() {
        CertificateAuthority stranger = CertificateAuthority.generate("jctl-ca", Instant.now(), Duration.ofDays(10));
        X509Certificate cert = parse(stranger.issueClient("admin", List.of("system:masters"), Instant.now(),
                Duration.ofDays(1)));

        assertThat(authenticator.authenticate(cert)).isEmpty();
    }

    @Test
    void rejectsServingCertificate() throws Exception {
        X509Certificate serving = Pem.readCertificate(pki.servingCertificateFile());

        assertThat(authenticator.authenticate(serving)).isEmpty();
    }

    @Test
    void rejectsExpiredCertificate() throws Exception {
        X509Certificate cert = parse(pki.issueClientCertificate("jane", List.of()));
        var later = new ClientCertificateAuthenticator(pki.caCertificate(),
                Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC));

        assertThat(later.authenticate(cert)).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
    }

    private static X509Certificate parse(IssuedCertificate issued) {
        try {
            return Pem.parseCertificate(issued.certificatePem().getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
