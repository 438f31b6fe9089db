package dev.nova.server.config;

import java.nio.file.Path;

/**
 * Where the server's certificate is: a PEM certificate chain and private key
 * ({@code tls_cert}, {@code tls_key}), or a PKCS12 keystore ({@code tls_keystore},
 * {@code tls_keystore_password}). With neither, the server speaks plain {@code ws://}.
 */
public record Tls(Path certificate, Path privateKey, Path keystore, String keystorePassword) {
    public static final Tls NONE = new Tls(null, null, null, null);

    public Tls {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("tls_cert and tls_key go together: give both or neither");
        }
        if (keystore != null && certificate != null) {
            throw new IllegalArgumentException("give tls_cert and tls_key, or tls_keystore, not both");
        }
    }

    public boolean enabled() {
        return certificate != null || keystore != null;
    }

    @Override
    public String toString() {
        return enabled() ? "Tls[" + (keystore != null ? "keystore " + keystore : certificate + ", " + privateKey) + "]"
                : "Tls[off]";
    }
}
