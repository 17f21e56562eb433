package io.jctl.runtime.image;

/**
 * Credentials for one pull: a user name and password (sent as Basic auth, or exchanged for a
 * bearer token when the registry asks for one), or a bearer token used as it is.
 */
public record RegistryAuth(String username, String password, String registryToken) {
    public static final RegistryAuth ANONYMOUS = new RegistryAuth("", "", "");

    public RegistryAuth {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        registryToken = registryToken == null ? "" : registryToken;
    }

    public boolean hasPassword() {
        return !username.isEmpty();
    }

    public boolean hasToken() {
        return !registryToken.isEmpty();
    }

    @Override
    public String toString() {
        return "RegistryAuth[username=" + username + ", password=" + (password.isEmpty() ? "" : "***")
                + ", registryToken=" + (registryToken.isEmpty() ? "" : "***") + "]";
    }
}
