package io.dnwerks.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The local RSA key pair that signs dev tokens. Generated on first use into a git-ignored
 * directory, never committed; production verifies tokens with its issuer's public key instead.
 */
public final class DevKeys {

    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";

    private final Path dir;
    private final PrivateKey privateKey;

    private DevKeys(Path dir, PrivateKey privateKey) {
        this.dir = dir;
        this.privateKey = privateKey;
    }

    public static synchronized DevKeys loadOrCreate(Path dir) {
        try {
            Path priv = dir.resolve(PRIVATE_KEY_FILE);
            Path pub = dir.resolve(PUBLIC_KEY_FILE);
            if (!Files.exists(priv) || !Files.exists(pub)) {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                try {
                    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            byte[] der = der(Files.readString(priv));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new DevKeys(dir, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the dev JWT keys in " + dir, e);
        }
    }

    /**
     * A secret for {@code purpose} derived from this directory's private key: the same on every start
     * of this stack, different for every stack, never written anywhere (customer-service's erasure
     * hash key, for one).
     */
    public String secret(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(privateKey().getEncoded(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_KEY_FILE);
    }

    public PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(Files.readString(publicKeyFile()))));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
