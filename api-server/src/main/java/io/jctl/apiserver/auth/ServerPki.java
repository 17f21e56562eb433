package io.jctl.apiserver.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The api-server's key material under {@code <dataDir>/pki}: CA ({@code ca.crt}, {@code ca.key})
 * and serving certificate ({@code apiserver.crt}, {@code apiserver.key}). Obtain it with
 * {@link #ensure}, which creates what is missing and renews what no longer fits.
 */
public record ServerPki(Path caCertificateFile, Path caKeyFile, Path servingCertificateFile, Path servingKeyFile,
        byte[] caCertificatePem) {

    static final Duration CLIENT_CERTIFICATE_VALIDITY = Duration.ofDays(365);

    public ServerPki {
        Objects.requireNonNull(caCertificateFile, "caCertificateFile");
        Objects.requireNonNull(caKeyFile, "caKeyFile");
        Objects.requireNonNull(servingCertificateFile, "servingCertificateFile");
        Objects.requireNonNull(servingKeyFile, "servingKeyFile");
        caCertificatePem = caCertificatePem.clone();
    }

    /**
     * Creates the CA and serving certificate at first start and reuses them later; the serving
     * certificate alone is re-issued when it lacks one of the wanted SANs (127.0.0.1, ::1,
     * localhost, the host name, {@code extraSans}), expires within 30 days, or no longer pairs
     * with its key or the CA.
     *
     * @param extraSans e.g. the {@code --advertise-address}; IP literals become IP SANs, other
     *     strings DNS SANs
     * @throws IOException when files cannot be written, or when only half of the CA (certificate
     *     or key) exists: regenerating it would silently invalidate every issued client certificate
     */
    public static ServerPki ensure(Path dataDir, List<String> extraSans) throws IOException {
        return new PkiBootstrap(dataDir.resolve("pki"), Clock.systemUTC()).ensure(extraSans);
    }

    @Override
    public byte[] caCertificatePem() {
        return caCertificatePem.clone();
    }

    public X509Certificate caCertificate() {
        try {
            return Pem.parseCertificate(caCertificatePem);
        } catch (CertificateException e) {
            throw new IllegalStateException("CA certificate PEM became unreadable", e);
        }
    }

    /**
     * Issues a one-year client certificate (clientAuth) signed by the CA, for node agents
     * ({@code system:node:<name>} in {@code system:nodes}) and admin clients.
     */
    public IssuedCertificate issueClientCertificate(String commonName, List<String> organizations) throws IOException {
        CertificateAuthority ca = CertificateAuthority.load(caCertificateFile, caKeyFile);
        return ca.issueClient(commonName, organizations, Clock.systemUTC().instant(), CLIENT_CERTIFICATE_VALIDITY);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerPki o
                && caCertificateFile.equals(o.caCertificateFile)
                && caKeyFile.equals(o.caKeyFile)
                && servingCertificateFile.equals(o.servingCertificateFile)
                && servingKeyFile.equals(o.servingKeyFile)
                && Arrays.equals(caCertificatePem, o.caCertificatePem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(caCertificateFile, caKeyFile, servingCertificateFile, servingKeyFile)
                * 31 + Arrays.hashCode(caCertificatePem);
    }

    @Override
    public String toString() {
        return "ServerPki[ca=" + caCertificateFile + ", serving=" + servingCertificateFile + "]";
    }
}
