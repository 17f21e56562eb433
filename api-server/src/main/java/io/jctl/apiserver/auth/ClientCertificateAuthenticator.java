package io.jctl.apiserver.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Kubernetes' x509 authenticator: a client certificate that chains directly to our CA, is valid
 * now and allows clientAuth names the user by its CN and the groups by its O attributes. The TLS
 * layer verifies the chain too when it uses our CA as trust; checking again here keeps the rule
 * true when someone configures TLS differently.
 */
public final class ClientCertificateAuthenticator {

    private static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE_OID = "2.5.29.37.0";

    private final X509Certificate ca;
    private final Clock clock;

    public ClientCertificateAuthenticator(X509Certificate ca) {
        this(ca, Clock.systemUTC());
    }

    ClientCertificateAuthenticator(X509Certificate ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    public Optional<UserInfo> authenticate(X509Certificate certificate) {
        if (certificate == null || !issuedByCa(certificate) || !validNow(certificate) || !allowsClientAuth(certificate)) {
            return Optional.empty();
        }
        try {
            List<String> groups = new ArrayList<>();
            String commonName = null;
            // getRdns() is in certificate order (the reverse of the RFC 2253 string), so groups keep issue order.
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    commonName = rdn.getValue().toString();
                } else if ("O".equalsIgnoreCase(rdn.getType())) {
                    groups.add(rdn.getValue().toString());
                }
            }
            if (commonName == null || commonName.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new UserInfo(commonName, "", groups));
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private boolean issuedByCa(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean validNow(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static boolean allowsClientAuth(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            // No EKU extension means "any purpose" in RFC 5280.
            return usages == null || usages.contains(CLIENT_AUTH_OID) || usages.contains(ANY_EXTENDED_KEY_USAGE_OID);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
