package dev.assay.core.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Ed25519 key pair that signs ledger entries, kept in the data directory as
 * {@value #PRIVATE_FILE} (PKCS#8 PEM, mode 600) and {@value #PUBLIC_FILE} (X.509 PEM).
 * A verify-only instance holds just a trusted public key. Thread-safe.
 */
public final class LedgerKeys {
    public static final String PRIVATE_FILE = "ledger-ed25519.key";
    public static final String PUBLIC_FILE = "ledger-ed25519.pub";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final ThreadLocal<Signature> signer;
    private final ThreadLocal<Signature> verifier;

    private LedgerKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.keyId = keyIdOf(publicKey);
        this.signer = ThreadLocal.withInitial(LedgerKeys::newSignature);
        this.verifier = ThreadLocal.withInitial(LedgerKeys::newSignature);
    }

    /** A fresh key pair, not stored anywhere. */
    public static LedgerKeys generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(255, random);
            KeyPair kp = g.generateKeyPair();
            return new LedgerKeys(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new LedgerException("Ed25519 is not available in this JDK", e);
        }
    }

    /** The key pair in {@code dir}, created (private file mode 600) on first use. */
    public static LedgerKeys loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(priv)) {
                LedgerKeys fresh = generate(new SecureRandom());
                writeAtomically(priv, pem("PRIVATE KEY", fresh.privateKey.getEncoded()), true);
                writeAtomically(pub, fresh.publicKeyPem(), false);
            }
            if (!Files.exists(pub))
                throw new LedgerException("ledger key " + priv + " exists but its public key " + pub + " is missing");
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(priv), "PRIVATE KEY", priv)));
            LedgerKeys keys = new LedgerKeys(privateKey, readPublicKey(pub));
            keys.checkPair(priv);
            return keys;
        } catch (IOException e) {
            throw new LedgerException("cannot read or create the ledger key in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new LedgerException("ledger key " + priv + " is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** A verify-only instance trusting the public key in a PEM file. */
    public static LedgerKeys trusting(Path publicKeyPem) {
        return trusting(readPublicKey(publicKeyPem));
    }

    /** A verify-only instance trusting {@code publicKey}. */
    public static LedgerKeys trusting(PublicKey publicKey) {
        return new LedgerKeys(null, publicKey);
    }

    /** Reads an X.509 PEM Ed25519 public key. */
    public static PublicKey readPublicKey(Path pemFile) {
        try {
            return parsePublicKeyPem(Files.readString(pemFile), pemFile.toString());
        } catch (IOException e) {
            throw new LedgerException("cannot read public key " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** Parses an X.509 PEM Ed25519 public key; {@code source} names it in errors. */
    public static PublicKey parsePublicKeyPem(String pem, String source) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(unpem(pem, "PUBLIC KEY", source)));
        } catch (GeneralSecurityException e) {
            throw new LedgerException("public key " + source + " is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /** Base64 Ed25519 signature of {@code message}. */
    public String sign(byte[] message) {
        if (privateKey == null) throw new LedgerException("this ledger key " + keyId + " is verify-only");
        try {
            Signature s = signer.get();
            s.initSign(privateKey);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (InvalidKeyException | SignatureException e) {
            throw new LedgerException("signing failed: " + e.getMessage(), e);
        }
    }

    /** True when {@code signatureBase64} is this public key's valid signature of {@code message}. */
    public boolean verify(byte[] message, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature s = verifier.get();
            s.initVerify(publicKey);
            s.update(message);
            return s.verify(sig);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        }
    }

    /** First 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    static String keyIdOf(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new LedgerException("SHA-256 is not available", e);
        }
    }

    private void checkPair(Path source) {
        byte[] probe = "assay-ledger-key-check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(probe, sign(probe)))
            throw new LedgerException("ledger key " + source + " does not match its public key file " + PUBLIC_FILE);
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new LedgerException("Ed25519 is not available in this JDK", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text, String type, Object source) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) throw new LedgerException(source + " is not a PEM " + type);
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new LedgerException(source + " holds invalid base64: " + ex.getMessage(), ex);
        }
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
