package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPkiTest {

    private static final int DNS = 2;
    private static final int IP = 7;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path dataDir;

    @Test
    void createsCaAndServingCertificateThatTheJdkAccepts() throws Exception {
        ServerPki pki = ServerPki.ensure(dataDir, List.of("10.1.2.3", "api.example.com"));

        assertThat(pki.caCertificateFile()).isEqualTo(dataDir.resolve("pki/ca.crt"));
        assertThat(pki.caKeyFile()).isEqualTo(dataDir.resolve("pki/ca.key"));
        assertThat(pki.servingCertificateFile()).isEqualTo(dataDir.resolve("pki/apiserver.crt"));
        assertThat(pki.servingKeyFile()).isEqualTo(dataDir.resolve("pki/apiserver.key"));
        assertThat(pki.caCertificatePem()).isEqualTo(Files.readAllBytes(pki.caCertificateFile()));

        X509Certificate ca = readWithJdk(pki.caCertificateFile());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=jctl-ca");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays())
                .isBetween(3650L, 3651L);

        X509Certificate serving = readWithJdk(pki.servingCertificateFile());
        serving.verify(ca.getPublicKey());
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(serving.getSubjectAlternativeNames()).contains(
                List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"), List.of(DNS, "localhost"),
                List.of(IP, "10.1.2.3"), List.of(DNS, "api.example.com"));
        assertThat(Duration.between(Instant.now(), serving.getNotAfter().toInstant()).toDays()).isBetween(363L, 365L);

        var params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(serving)), params);
    }

    @Test
    void keyFilesAreReadableByTheOwnerOnly() throws Exception {
        ServerPki pki = ServerPki.ensure(dataDir, List.of());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.servingKeyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caCertificateFile())))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pki"))))
                .isEqualTo("rwx------");
        try (var files = Files.list(dataDir.resolve("pki"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left behind")
                    .containsExactlyInAnyOrder("ca.crt", "ca.key", "apiserver.crt", "apiserver.key");
        }
    }

    @Test
    void laterStartsReuseEverythingWhenTheSansStillFit() throws Exception {
        ServerPki first = ServerPki.ensure(dataDir, List.of("api.example.com", "10.1.2.3"));
        Snapshot before = Snapshot.of(first);

        ServerPki second = ServerPki.ensure(dataDir, List.of("API.example.com"));
        ServerPki third = ServerPki.ensure(dataDir, List.of());

        assertThat(Snapshot.of(third)).isEqualTo(before);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void newSanReissuesOnlyTheServingCertificate() throws Exception {
        Snapshot before = Snapshot.of(ServerPki.ensure(dataDir, List.of("a.example.com")));

        ServerPki pki = ServerPki.ensure(dataDir, List.of("b.example.com", "fd00::10"));
        Snapshot after = Snapshot.of(pki);

        assertThat(after.caCert).isEqualTo(before.caCert);
        assertThat(after.caKey).isEqualTo(before.caKey);
        assertThat(after.servingCert).isNotEqualTo(before.servingCert);
        assertThat(after.servingKey).isNotEqualTo(before.servingKey);
        X509Certificate serving = readWithJdk(pki.servingCertificateFile());
        assertThat(serving.getSubjectAlternativeNames())
                .contains(List.of(DNS, "b.example.com"), List.of(IP, "fd00:0:0:0:0:0:0:10"))
                .doesNotContain(List.of(DNS, "a.example.com"));
        serving.verify(readWithJdk(pki.caCertificateFile()).getPublicKey());

        assertThat(Snapshot.of(ServerPki.ensure(dataDir, List.of("[fd00::10]", "b.example.com")))).isEqualTo(after);
    }

    @Test
    void servingCertificateIsRenewedWithinThirtyDaysOfExpiry() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path pkiDir = dataDir.resolve("pki");
        Snapshot issued = Snapshot.of(new PkiBootstrap(pkiDir, clockAt(start)).ensure(List.of()));

        Snapshot stillGood = Snapshot.of(new PkiBootstrap(pkiDir, clockAt(start.plus(Duration.ofDays(330)))).ensure(List.of()));
        Snapshot renewed = Snapshot.of(new PkiBootstrap(pkiDir, clockAt(start.plus(Duration.ofDays(336)))).ensure(List.of()));

        assertThat(stillGood).isEqualTo(issued);
        assertThat(renewed.servingCert).isNotEqualTo(issued.servingCert);
        assertThat(renewed.caCert).isEqualTo(issued.caCert);
    }

    @Test
    void servingKeyThatDoesNotMatchItsCertificateIsReplaced() throws Exception {
        ServerPki pki = ServerPki.ensure(dataDir, List.of());
        byte[] oldCert = Files.readAllBytes(pki.servingCertificateFile());
        IssuedCertificate other = pki.issueClientCertificate("someone", List.of());
        Files.writeString(pki.servingKeyFile(), other.privateKeyPem());

        ServerPki.ensure(dataDir, List.of());

        assertThat(Files.readAllBytes(pki.servingCertificateFile())).isNotEqualTo(oldCert);
        X509Certificate serving = readWithJdk(pki.servingCertificateFile());
        assertThat(CertificateAuthority.keyMatches(Pem.readPrivateKey(pki.servingKeyFile()), serving.getPublicKey()))
                .isTrue();
    }

    @Test
    void halfACaIsAnErrorRatherThanANewCa() throws Exception {
        ServerPki pki = ServerPki.ensure(dataDir, List.of());
        Files.delete(pki.caKeyFile());

        assertThatThrownBy(() -> ServerPki.ensure(dataDir, List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ca.key is missing");
        assertThat(pki.caKeyFile()).doesNotExist();
    }

    @Test
    void invalidExtraSanIsRejected() {
        assertThatThrownBy(() -> ServerPki.ensure(dataDir, List.of("not a host")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a host");
    }

    @Test
    void clientCertificateCarriesUserAndGroupsForClientAuth() throws Exception {
        ServerPki pki = ServerPki.ensure(dataDir, List.of());

        IssuedCertificate issued = pki.issueClientCertificate("system:node:n1", List.of("system:nodes", "extra"));

        X509Certificate cert = Pem.parseCertificate(issued.certificatePem().getBytes());
        cert.verify(pki.caCertificate().getPublicKey());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1,O=extra,O=system:nodes");
        assertThat(issued.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(issued.toString()).doesNotContain("BEGIN PRIVATE KEY");
    }

    private static X509Certificate readWithJdk(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private record Snapshot(String caCert, String caKey, String servingCert, String servingKey) {
        static Snapshot of(ServerPki pki) throws IOException {
            return new Snapshot(Files.readString(pki.caCertificateFile()), Files.readString(pki.caKeyFile()),
                    Files.readString(pki.servingCertificateFile()), Files.readString(pki.servingKeyFile()));
        }
    }
}
