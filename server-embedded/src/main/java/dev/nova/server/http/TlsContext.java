package dev.nova.server.http;

import dev.nova.server.config.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's certificate for {@code wss://} and {@code https://}: a PEM certificate chain and
 * an unencrypted PEM private key (PKCS#8 {@code PRIVATE KEY}, or PKCS#1 {@code RSA PRIVATE KEY}),
 * as certbot and most CAs hand them out, or a PKCS12 keystore.
 */
final class TlsContext {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final char[] IN_MEMORY = "nova".toCharArray();

    private TlsContext() {}

    static SslContextFactory.Server of(Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            if (tls.keystore() != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                char[] password = tls.keystorePassword() == null ? new char[0] : tls.keystorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(tls.keystore())) {
                    ks.load(in, password);
                }
                ssl.setKeyStore(ks);
                ssl.setKeyStorePassword(new String(password));
            } else {
                ssl.setKeyStore(fromPem(tls.certificate(), tls.privateKey()));
                ssl.setKeyStorePassword(new String(IN_MEMORY));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS: cannot load the certificate (" + tls + "): " + e.getMessage(), e);
        }
        return ssl;
    }

    static KeyStore fromPem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("nova", key, IN_MEMORY, chain.toArray(Certificate[]::new));
        return ks;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapRsa(der)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(file
                        + ": the key is encrypted; decrypt it (openssl pkcs8 -in KEY -out PLAIN) or use a PKCS12 keystore");
                default -> { /* parameters, certificates: skip */ }
            }
        }
        throw new GeneralSecurityException(file + " holds no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY);"
                + " convert others with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not an RSA, EC or EdDSA key", last);
    }

    /** A PKCS#1 RSA key inside a PKCS#8 PrivateKeyInfo, which the JDK reads. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] key = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(key);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
