package io.jctl.api.client;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link SSLContext} of a {@link ClientConfig} from PEM bytes, with nothing but the
 * JDK: kubeconfig files carry PEM, and keys written by openssl or Go are often PKCS#1 (RSA) or
 * SEC1 (EC) rather than the PKCS#8 the JDK reads, so those are re-wrapped here.
 */
public final class Tls {
    private static final Pattern KEY_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END \\1PRIVATE KEY-----");
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private Tls() {
    }

    /** The SSLContext a connection to {@code config}'s server needs (CA, client certificate, insecure). */
    public static SSLContext context(ClientConfig config) {
        try {
            TrustManager[] trust = config.insecure() ? new TrustManager[]{new TrustAll()} : trustManagers(config.caPem());
            KeyManager[] keys = config.clientCertPem() == null ? null
                    : keyManagers(config.clientCertPem(), config.clientKeyPem());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + config.server() + ": " + e.getMessage(), e);
        }
    }

    /** Trusts only the given CAs; with none, the JDK's default trust store. */
    private static TrustManager[] trustManagers(byte[] caPem) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caPem == null) {
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        }
        List<X509Certificate> cas = certificates(caPem);
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("certificate-authority data holds no PEM certificate");
        }
        KeyStore ks = emptyKeyStore();
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca-" + i, cas.get(i));
        }
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static KeyManager[] keyManagers(byte[] certPem, byte[] keyPem) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(certPem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("client-certificate data holds no PEM certificate");
        }
        char[] password = new char[0];
        KeyStore ks = emptyKeyStore();
        ks.setKeyEntry("client", privateKey(keyPem), password, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf.getKeyManagers();
    }

    static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
        Matcher m = KEY_BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException("client-key data holds no PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        switch (m.group(1).trim()) {
            case "RSA":
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_ALGORITHM, der)));
            case "EC":
                byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, sec1CurveOid(der)));
                return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(algorithm, der)));
            case "":
                for (String alg : new String[]{"RSA", "EC", "Ed25519", "EdDSA"}) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm; PKCS#8 names it, but parsing that needs more DER code
                    }
                }
                throw new GeneralSecurityException("unsupported PKCS#8 private key algorithm");
            default:
                throw new GeneralSecurityException("unsupported private key type \"" + m.group(1).trim()
                        + "\"; use an unencrypted PKCS#8, RSA or EC key");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
        return sequence(concat(new byte[]{0x02, 0x01, 0x00}, algorithmIdentifier, tlv(0x04, key)));
    }

    /** ECPrivateKey ::= SEQUENCE { 1, OCTET STRING, [0] OID curve OPTIONAL, [1] BIT STRING OPTIONAL }. */
    private static byte[] sec1CurveOid(byte[] der) throws GeneralSecurityException {
        int[] outer = header(der, 0);
        int pos = outer[0];
        int end = outer[0] + outer[1];
        while (pos < end) {
            int tag = der[pos] & 0xff;
            int[] h = header(der, pos);
            if (tag == 0xa0) {
                int[] oid = header(der, h[0]);
                byte[] out = new byte[oid[0] + oid[1] - h[0]];
                System.arraycopy(der, h[0], out, 0, out.length);
                return out;
            }
            pos = h[0] + h[1];
        }
        throw new GeneralSecurityException("EC private key does not name its curve");
    }

    /** Returns {offset of the value, length of the value} of the DER element at pos. */
    private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
        if (pos + 1 >= der.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        int len = der[pos + 1] & 0xff;
        int off = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[off++] & 0xff);
            }
        }
        return new int[]{off, len};
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    /**
     * Accepts every certificate. It extends {@link X509ExtendedTrustManager} on purpose: the JDK
     * wraps plain X509TrustManagers and would still check the host name.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
