package dev.assay.core.ledger;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The Ed25519 key pair that signs ledger entries, kept in the data directory as
 * {@value #PRIVATE_FILE} (PKCS#8 PEM, mode 600) and {@value #PUBLIC_FILE} (X.509 PEM), the
 * standard RFC 8410 encodings that OpenSSL reads. A verify-only instance holds just a
 * trusted public key. Signing and verification use Bouncy Castle's RFC 8032
 * implementation (about 20x faster than the JDK's on this hardware, see
 * docs/DECISIONS.md). Thread-safe: the key parameter objects hold no mutable state.
 */
public final class LedgerKeys {
    public static final String PRIVATE_FILE = "ledger-ed25519.key";
    public static final String PUBLIC_FILE = "ledger-ed25519.pub";

    /** RFC 8410 DER prefixes: PKCS#8 v1 private key and X.509 SubjectPublicKeyInfo for Ed25519. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    private final String keyId;

    private LedgerKeys(Ed25519PrivateKeyParameters privateKey, Ed25519PublicKeyParameters publicKey) {
        this.privateKey = privateKey;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.keyId = keyIdOf(x509(publicKey));
    }

    /** A fresh key pair, not stored anywhere. */
    public static LedgerKeys generate(SecureRandom random) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
        return new LedgerKeys(priv, priv.generatePublicKey());
    }

    /** The key pair in {@code dir}, created (private file mode 600) on first use. */
    public static LedgerKeys loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(priv)) {
                LedgerKeys fresh = generate(new SecureRandom());
                writeAtomically(priv, pem("PRIVATE KEY", concat(PKCS8_PREFIX, fresh.privateKey.getEncoded())), true);
                writeAtomically(pub, fresh.publicKeyPem(), false);
            }
            if (!Files.exists(pub))
                throw new LedgerException("ledger key " + priv + " exists but its public key " + pub + " is missing");
            byte[] raw = strip(unpem(Files.readString(priv), "PRIVATE KEY", priv), PKCS8_PREFIX, priv);
            LedgerKeys keys = new LedgerKeys(new Ed25519PrivateKeyParameters(raw), rawPublic(readPublicKey(pub), pub.toString()));
            keys.checkPair(priv);
            return keys;
        } catch (IOException e) {
            throw new LedgerException("cannot read or create the ledger key in " + dir + ": " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            // The data directory's own key files are stored state, not input: a corrupt one is a storage failure.
            throw new LedgerException("the ledger key in " + dir + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** A verify-only instance trusting the public key in a PEM file. */
    public static LedgerKeys trusting(Path publicKeyPem) {
        return trusting(readPublicKey(publicKeyPem));
    }

    /** A verify-only instance trusting {@code publicKey}. */
    public static LedgerKeys trusting(PublicKey publicKey) {
        return new LedgerKeys(null, rawPublic(publicKey, "the trusted key"));
    }

    /** Reads an X.509 PEM Ed25519 public key. */
    public static PublicKey readPublicKey(Path pemFile) {
        try {
            return parsePublicKeyPem(Files.readString(pemFile), pemFile.toString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read public key " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** Parses an X.509 PEM Ed25519 public key; {@code source} names it in errors. */
    public static PublicKey parsePublicKeyPem(String pem, String source) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(unpem(pem, "PUBLIC KEY", source)));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("public key " + source + " is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /**
     * This key as a C2SP signed-note key named {@code name} (the ledger's checkpoint origin): a
     * signer when this instance holds the private key, else a verifier. The same Ed25519 key signs
     * entries (32-byte hashes), heads ({@code seq:hash}) and checkpoints (note text ending in a
     * newline); the three messages cannot be mistaken for one another.
     */
    public dev.assay.core.tlog.NoteKey noteKey(String name) {
        return privateKey != null
                ? dev.assay.core.tlog.NoteKey.signer(name, privateKey.getEncoded())
                : dev.assay.core.tlog.NoteKey.verifier(name, publicKey.getEncoded());
    }

    /** The default checkpoint origin of a ledger signed with this key: {@code assay.ledger/<key id>}. */
    public String defaultOrigin() {
        return "assay.ledger/" + keyId;
    }

    /** Base64 Ed25519 signature of {@code message}. */
    public String sign(byte[] message) {
        if (privateKey == null) throw new LedgerException("this ledger key " + keyId + " is verify-only");
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
        return Base64.getEncoder().encodeToString(sig);
    }

    /** True when {@code signatureBase64} is this public key's valid signature of {@code message}. */
    public boolean verify(byte[] message, String signatureBase64) {
        if (signatureBase64 == null) return false;
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sig.length != Ed25519.SIGNATURE_SIZE) return false;
        return publicKey.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
    }

    /** True when {@code signatureBase64} is present and decodes to an Ed25519 signature's 64 bytes. */
    static boolean wellFormedSignature(String signatureBase64) {
        if (signatureBase64 == null || signatureBase64.isEmpty()) return false;
        try {
            return Base64.getDecoder().decode(signatureBase64).length == Ed25519.SIGNATURE_SIZE;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** First 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    /** The public key as a JCA key (X.509 encoded), e.g. to hand to other tools. */
    public PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509(publicKey)));
        } catch (GeneralSecurityException e) {
            throw new LedgerException("Ed25519 is not available in this JDK", e);
        }
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", x509(publicKey));
    }

    private static byte[] x509(Ed25519PublicKeyParameters key) {
        return concat(X509_PREFIX, key.getEncoded());
    }

    private static Ed25519PublicKeyParameters rawPublic(PublicKey key, String source) {
        byte[] der = key.getEncoded();
        if (der == null || !"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm()))
            throw new InvalidInputException(source + " is not an Ed25519 public key");
        return new Ed25519PublicKeyParameters(strip(der, X509_PREFIX, source));
    }

    private static byte[] strip(byte[] der, byte[] prefix, Object source) {
        if (der.length != prefix.length + 32 || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length))
            throw new InvalidInputException(source + " is not an RFC 8410 Ed25519 key encoding");
        return Arrays.copyOfRange(der, prefix.length, der.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String keyIdOf(byte[] x509) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(x509);
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
        if (b < 0 || e < b) throw new InvalidInputException(source + " is not a PEM " + type);
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException(source + " holds invalid base64: " + ex.getMessage(), ex);
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
