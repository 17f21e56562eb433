package io.jctl.apiserver.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * One subject alternative name in canonical form, so that "::1" asked for and "0:0:0:0:0:0:0:1"
 * read back from a certificate compare equal, and DNS names compare case-insensitively.
 */
record SubjectAltName(Type type, String value) {

    enum Type { DNS, IP }

    /** An IP literal (brackets allowed around IPv6) becomes an IP SAN, anything else a DNS SAN. */
    static SubjectAltName parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty subject alternative name");
        }
        if (IPAddress.isValid(s)) {
            return new SubjectAltName(Type.IP, canonicalIp(s));
        }
        if (!s.matches("[A-Za-z0-9*]([A-Za-z0-9.\\-*]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("not an IP address or DNS name: '" + raw + "'");
        }
        return new SubjectAltName(Type.DNS, s.toLowerCase(Locale.ROOT));
    }

    static Set<SubjectAltName> of(X509Certificate certificate) throws CertificateParsingException {
        Set<SubjectAltName> names = new LinkedHashSet<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries == null) {
            return names;
        }
        for (List<?> entry : entries) {
            int tag = (Integer) entry.get(0);
            if (tag == GeneralName.dNSName) {
                names.add(new SubjectAltName(Type.DNS, ((String) entry.get(1)).toLowerCase(Locale.ROOT)));
            } else if (tag == GeneralName.iPAddress) {
                names.add(new SubjectAltName(Type.IP, canonicalIp((String) entry.get(1))));
            }
        }
        return names;
    }

    GeneralName toGeneralName() {
        if (type == Type.DNS) {
            return new GeneralName(GeneralName.dNSName, value);
        }
        return new GeneralName(GeneralName.iPAddress, new DEROctetString(address(value).getAddress()));
    }

    private static String canonicalIp(String literal) {
        return address(literal).getHostAddress();
    }

    private static InetAddress address(String literal) {
        if (!IPAddress.isValid(literal)) {
            // Guard: InetAddress.getByName would fall back to a DNS lookup for a non-literal.
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
