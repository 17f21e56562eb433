package io.jctl.apiserver.proxy;

import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Trusts exactly one server certificate, named by the SHA-256 of its DER: the agent's self-signed
 * one, whose fingerprint it published on its Node. Names and expiry do not matter for a pin.
 */
final class PinnedTrustManager implements X509TrustManager {
    private final String sha256;

    PinnedTrustManager(String sha256) {
        this.sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the agent presented no certificate");
        }
        String actual = fingerprint(chain[0]);
        if (!actual.equals(sha256)) {
            throw new CertificateException("the agent's certificate (sha256 " + actual + ") is not the one its Node "
                    + "publishes (sha256 " + sha256 + ")");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static String fingerprint(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }
}
