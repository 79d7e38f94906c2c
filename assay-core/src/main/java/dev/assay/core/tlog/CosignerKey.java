package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * An Ed25519 cosigner key of C2SP {@code tlog-cosignature} v1 (signature type {@code 0x04}): a name,
 * the key hash {@code SHA-256(name || 0x0A || 0x04 || public key)[:4]} and the public key; a signer
 * also holds the private seed. Verifier keys read and print as the signed-note vkey
 * {@code name+hash+base64(0x04 || public key)}, signer keys as
 * {@code PRIVATE+KEY+name+hash+base64(0x04 || seed)} (the form transparency-dev/formats reads).
 */
public final class CosignerKey {
    static final byte TYPE = 0x04;
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final Ed25519PublicKeyParameters publicKey;
    private final Ed25519PrivateKeyParameters privateKey;
    private final int hash;

    private CosignerKey(String name, Ed25519PublicKeyParameters publicKey, Ed25519PrivateKeyParameters privateKey) {
        if (!NoteKey.validName(name)) throw new InvalidInputException("a cosigner name must be non-empty printable text without"
                + " spaces or '+', but was '" + name + "'");
        this.name = name;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.privateKey = privateKey;
        this.hash = keyHash(name, publicKey.getEncoded());
    }

    /** A signer named {@code name} with the 32-byte Ed25519 private {@code seed}. */
    public static CosignerKey signer(String name, byte[] seed) {
        if (seed == null || seed.length != 32) throw new InvalidInputException("an Ed25519 seed has 32 bytes");
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        return new CosignerKey(name, priv.generatePublicKey(), priv);
    }

    /** A new signer named {@code name} with a seed drawn from {@code random}. */
    public static CosignerKey generate(String name, SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return signer(name, seed);
    }

    /** A verifier named {@code name} with the 32-byte Ed25519 public key. */
    public static CosignerKey verifier(String name, byte[] publicKey) {
        if (publicKey == null || publicKey.length != 32) throw new InvalidInputException("an Ed25519 public key has 32 bytes");
        return new CosignerKey(name, new Ed25519PublicKeyParameters(publicKey, 0), null);
    }

    /** Reads a verifier key {@code name+hash+base64(0x04 || public key)}; the hash must match. */
    public static CosignerKey parseVerifier(String text) {
        String[] p = split(text, "cosigner verifier key");
        CosignerKey k = verifier(p[0], keyBytes(p[2], "cosigner verifier key"));
        k.requireHash(p[1], "'" + text + "'");
        return k;
    }

    /** Reads a signer key {@code PRIVATE+KEY+name+hash+base64(0x04 || seed)}; the hash must match. */
    public static CosignerKey parseSigner(String text) {
        if (text == null || !text.startsWith(PRIVATE_PREFIX)) throw new InvalidInputException("a cosigner signer key starts with " + PRIVATE_PREFIX);
        String[] p = split(text.substring(PRIVATE_PREFIX.length()), "cosigner signer key");
        CosignerKey k = signer(p[0], keyBytes(p[2], "cosigner signer key"));
        k.requireHash(p[1], "the signer key");
        return k;
    }

    public String name() {
        return name;
    }

    /** The 4-byte key hash as a big-endian number. */
    public int hash() {
        return hash;
    }

    /** The 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.getEncoded();
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /** This key without its private half. */
    public CosignerKey verifierOnly() {
        return privateKey == null ? this : new CosignerKey(name, publicKey, null);
    }

    /** The vkey text, {@code name+hash+base64(0x04 || public key)}. */
    public String verifierKey() {
        return name + "+" + String.format("%08x", hash) + "+" + Base64.getEncoder().encodeToString(typed(publicKey.getEncoded()));
    }

    /** The signer key text, {@code PRIVATE+KEY+name+hash+base64(0x04 || seed)}: a secret. */
    public String signerKey() {
        if (privateKey == null) throw new IllegalStateException("cosigner key " + name + " is a verifier only");
        return PRIVATE_PREFIX + name + "+" + String.format("%08x", hash) + "+" + Base64.getEncoder().encodeToString(typed(privateKey.getEncoded()));
    }

    byte[] sign(byte[] message) {
        if (privateKey == null) throw new IllegalStateException("cosigner key " + name + " is a verifier only");
        return NoteKey.sign(privateKey, message);
    }

    boolean verify(byte[] message, byte[] signature) {
        return NoteKey.verify(publicKey, message, signature);
    }

    private static byte[] typed(byte[] key) {
        byte[] k = new byte[33];
        k[0] = TYPE;
        System.arraycopy(key, 0, k, 1, 32);
        return k;
    }

    private void requireHash(String hex, String what) {
        if (!hex.matches("[0-9a-f]{8}")) throw new InvalidInputException("the key hash of " + what + " must be 8 lower-case hex digits, but was '" + hex + "'");
        if ((int) Long.parseLong(hex, 16) != hash)
            throw new InvalidInputException("the key hash of " + what + " is " + hex + ", but the key's is " + String.format("%08x", hash));
    }

    private static String[] split(String text, String what) {
        return NoteKey.split(text, what);
    }

    private static byte[] keyBytes(String base64, String what) {
        return NoteKey.keyBytes(base64, what, TYPE, "an Ed25519 cosignature/v1 key (type 4, 32 bytes)");
    }

    static int keyHash(String name, byte[] publicKey) {
        return NoteKey.keyHash(name, TYPE, publicKey);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
