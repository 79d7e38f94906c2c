package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key of the C2SP signed-note format (the Go {@code sumdb/note} keys): a name, the
 * key hash {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}, and the public key; a signer
 * also holds the private seed. Verifier keys read and print as {@code name+hash+base64(0x01 ||
 * public key)}, signer keys as {@code PRIVATE+KEY+name+hash+base64(0x01 || seed)}.
 */
public final class NoteKey {
    private static final byte ED25519 = 0x01;
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final Ed25519PublicKeyParameters publicKey;
    private final Ed25519PrivateKeyParameters privateKey;
    private final int hash;

    private NoteKey(String name, Ed25519PublicKeyParameters publicKey, Ed25519PrivateKeyParameters privateKey) {
        if (!validName(name)) throw new InvalidInputException("a note key name must be non-empty printable text without spaces"
                + " or '+', but was '" + name + "'");
        this.name = name;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.privateKey = privateKey;
        this.hash = keyHash(name, publicKey.getEncoded());
    }

    /** A signer named {@code name} with the 32-byte Ed25519 private {@code seed}. */
    public static NoteKey signer(String name, byte[] seed) {
        if (seed == null || seed.length != 32) throw new InvalidInputException("an Ed25519 seed has 32 bytes");
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        return new NoteKey(name, priv.generatePublicKey(), priv);
    }

    /** A verifier named {@code name} with the 32-byte Ed25519 public key. */
    public static NoteKey verifier(String name, byte[] publicKey) {
        if (publicKey == null || publicKey.length != 32) throw new InvalidInputException("an Ed25519 public key has 32 bytes");
        return new NoteKey(name, new Ed25519PublicKeyParameters(publicKey, 0), null);
    }

    /** Reads a verifier key {@code name+hash+base64(0x01 || public key)}; the hash must match. */
    public static NoteKey parseVerifier(String text) {
        String[] p = split(text, "verifier key");
        NoteKey k = verifier(p[0], keyBytes(p[2], "verifier key"));
        k.requireHash(p[1], text);
        return k;
    }

    /** Reads a signer key {@code PRIVATE+KEY+name+hash+base64(0x01 || seed)}; the hash must match. */
    public static NoteKey parseSigner(String text) {
        if (text == null || !text.startsWith(PRIVATE_PREFIX)) throw new InvalidInputException("a signer key starts with " + PRIVATE_PREFIX);
        String[] p = split(text.substring(PRIVATE_PREFIX.length()), "signer key");
        NoteKey k = signer(p[0], keyBytes(p[2], "signer key"));
        k.requireHash(p[1], "the signer key");
        return k;
    }

    /** The 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.getEncoded();
    }

    /** This key without its private half. */
    public NoteKey verifierOnly() {
        return privateKey == null ? this : new NoteKey(name, publicKey, null);
    }

    public String name() {
        return name;
    }

    /** The 4-byte key hash as an unsigned big-endian number. */
    public int hash() {
        return hash;
    }

    /** The verifier key text, {@code name+hash+base64(0x01 || public key)}. */
    public String verifierKey() {
        byte[] k = new byte[33];
        k[0] = ED25519;
        System.arraycopy(publicKey.getEncoded(), 0, k, 1, 32);
        return name + "+" + String.format("%08x", hash) + "+" + Base64.getEncoder().encodeToString(k);
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /** The Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message) {
        if (privateKey == null) throw new IllegalStateException("note key " + name + " is a verifier only");
        return sign(privateKey, message);
    }

    /** True when {@code signature} is this key's Ed25519 signature of {@code message}. */
    boolean verify(byte[] message, byte[] signature) {
        return verify(publicKey, message, signature);
    }

    static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    static boolean verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != 64) return false;
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, key);
        s.update(message, 0, message.length);
        return s.verifySignature(signature);
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '+' || Character.isWhitespace(c) || Character.isISOControl(c)) return false;
        }
        return true;
    }

    private void requireHash(String hex, String what) {
        int given;
        try {
            if (hex.length() != 8) throw new NumberFormatException();
            given = (int) Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("the key hash of " + what + " must be 8 hex digits, but was '" + hex + "'");
        }
        if (given != hash) throw new InvalidInputException("the key hash of " + what + " is " + hex + ", but the key's is "
                + String.format("%08x", hash));
    }

    /** Splits a key text {@code name+hash+key}; {@code what} names it in the error. */
    static String[] split(String text, String what) {
        String[] p = text == null ? new String[0] : text.split("\\+", 3);
        if (p.length != 3) throw new InvalidInputException("a " + what + " is name+hash+key, but was '" + text + "'");
        return p;
    }

    private static byte[] keyBytes(String base64, String what) {
        return keyBytes(base64, what, ED25519, "an Ed25519 key (algorithm 1, 32 bytes)");
    }

    /** The 32 key bytes of {@code base64(type || key)}; anything else is refused as not {@code expected}. */
    static byte[] keyBytes(String base64, String what, byte type, String expected) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the " + what + "'s key is not base64");
        }
        if (b.length != 33 || b[0] != type) throw new InvalidInputException("the " + what + " is not " + expected);
        return Arrays.copyOfRange(b, 1, 33);
    }

    static int keyHash(String name, byte[] publicKey) {
        return keyHash(name, ED25519, publicKey);
    }

    /** The C2SP key hash: the first 4 bytes of {@code SHA-256(name || 0x0A || type || public key)}. */
    static int keyHash(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(type);
            d.update(publicKey);
            return ByteBuffer.wrap(d.digest(), 0, 4).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
