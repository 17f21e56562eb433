package io.jctl.apiserver.auth;

import io.jctl.api.files.SecureFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides what of the PKI directory to create, keep or renew; {@link ServerPki#ensure} is its entry point. */
final class PkiBootstrap {

    static final String CA_COMMON_NAME = "jctl-ca";
    static final String SERVING_COMMON_NAME = "jctl-apiserver";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVING_VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(PkiBootstrap.class);

    private final Path pkiDir;
    private final Clock clock;

    PkiBootstrap(Path pkiDir, Clock clock) {
        this.pkiDir = pkiDir;
        this.clock = clock;
    }

    ServerPki ensure(List<String> extraSans) throws IOException {
        Set<SubjectAltName> wanted = wantedSans(extraSans);
        SecureFiles.createPrivateDirectories(pkiDir);
        Path caCert = pkiDir.resolve("ca.crt");
        Path caKey = pkiDir.resolve("ca.key");
        Path servingCert = pkiDir.resolve("apiserver.crt");
        Path servingKey = pkiDir.resolve("apiserver.key");

        CertificateAuthority ca = loadOrCreateCa(caCert, caKey);
        Optional<String> renewReason = servingRenewReason(ca, servingCert, servingKey, wanted);
        if (renewReason.isPresent()) {
            LOG.info("Issuing serving certificate {} ({}) for {}", servingCert, renewReason.get(), wanted);
            IssuedCertificate serving = ca.issueServing(SERVING_COMMON_NAME, wanted, clock.instant(), SERVING_VALIDITY);
            // Key first: a crash in between leaves a mismatched pair, which the next start detects and re-issues.
            SecureFiles.writeSecret(servingKey, serving.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writePublic(servingCert, serving.certificatePem().getBytes(StandardCharsets.US_ASCII));
        } else {
            SecureFiles.restrictToOwner(servingKey);
        }
        return new ServerPki(caCert, caKey, servingCert, servingKey, Files.readAllBytes(caCert));
    }

    private CertificateAuthority loadOrCreateCa(Path caCert, Path caKey) throws IOException {
        boolean certExists = Files.exists(caCert);
        boolean keyExists = Files.exists(caKey);
        if (certExists && keyExists) {
            SecureFiles.restrictToOwner(caKey);
            return CertificateAuthority.load(caCert, caKey);
        }
        if (certExists || keyExists) {
            throw new IOException("Incomplete CA in " + pkiDir + ": " + (certExists ? caKey : caCert)
                    + " is missing. Restore it, or remove the whole pki directory to start a new CA"
                    + " (which invalidates all issued client certificates).");
        }
        LOG.info("Creating cluster CA {} in {}", CA_COMMON_NAME, pkiDir);
        CertificateAuthority ca = CertificateAuthority.generate(CA_COMMON_NAME, clock.instant(), CA_VALIDITY);
        SecureFiles.writeSecret(caKey, ca.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writePublic(caCert, ca.certificatePem().getBytes(StandardCharsets.US_ASCII));
        return ca;
    }

    /** Empty when the existing serving certificate is still good for {@code wanted}. */
    private Optional<String> servingRenewReason(CertificateAuthority ca, Path certFile, Path keyFile,
            Set<SubjectAltName> wanted) {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return Optional.of("missing");
        }
        X509Certificate cert;
        PrivateKey key;
        try {
            cert = Pem.readCertificate(certFile);
            key = Pem.readPrivateKey(keyFile);
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        if (!ca.signed(cert)) {
            return Optional.of("not signed by the current CA");
        }
        if (!CertificateAuthority.keyMatches(key, cert.getPublicKey())) {
            return Optional.of("key does not match certificate");
        }
        Instant renewAt = cert.getNotAfter().toInstant().minus(RENEW_BEFORE_EXPIRY);
        if (!clock.instant().isBefore(renewAt)) {
            return Optional.of("expires " + cert.getNotAfter().toInstant());
        }
        try {
            Set<SubjectAltName> present = SubjectAltName.of(cert);
            Set<SubjectAltName> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(present);
            if (!missing.isEmpty()) {
                return Optional.of("lacks SANs " + missing);
            }
        } catch (CertificateParsingException e) {
            return Optional.of("unreadable SANs: " + e.getMessage());
        }
        return Optional.empty();
    }

    static Set<SubjectAltName> wantedSans(List<String> extraSans) {
        Set<SubjectAltName> sans = new LinkedHashSet<>();
        sans.add(SubjectAltName.parse("127.0.0.1"));
        sans.add(SubjectAltName.parse("::1"));
        sans.add(SubjectAltName.parse("localhost"));
        hostName().ifPresent(sans::add);
        for (String extra : extraSans) {
            sans.add(SubjectAltName.parse(extra));
        }
        return sans;
    }

    private static Optional<SubjectAltName> hostName() {
        try {
            return Optional.of(SubjectAltName.parse(InetAddress.getLocalHost().getHostName()));
        } catch (IOException | IllegalArgumentException e) {
            // A machine without a resolvable or valid host name still gets the loopback and extra SANs.
            LOG.debug("Host name not added to the serving certificate: {}", e.toString());
            return Optional.empty();
        }
    }
}
