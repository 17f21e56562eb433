package io.jctl.apiserver.auth;

/** A freshly issued certificate and its private key (PKCS#8), both PEM-encoded. */
public record IssuedCertificate(String certificatePem, String privateKeyPem) {

    @Override
    public String toString() {
        // Keeps private keys out of logs and assertion messages.
        return "IssuedCertificate[certificatePem=" + certificatePem.length() + " chars, privateKeyPem=<redacted>]";
    }
}
