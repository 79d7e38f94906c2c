package dev.assay.agent.policy;

import dev.assay.core.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Ed25519 public keys of agents as a policy writes them, and verification of an agent's signature. */
public final class AgentKeys {
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private AgentKeys() {}

    /** Reads a key: PEM, or base64 of the 32-byte key or of its SubjectPublicKeyInfo. */
    public static PublicKey publicKey(String text) {
        String b64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("not an Ed25519 public key: not base64");
        }
        if (bytes.length == 32) {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
            System.arraycopy(bytes, 0, spki, SPKI_PREFIX.length, 32);
            bytes = spki;
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("not an Ed25519 public key: neither 32 key bytes nor a SubjectPublicKeyInfo of one");
        }
    }

    /** Whether {@code signatureBase64} is a valid Ed25519 signature by {@code key} of {@code message} (UTF-8). */
    public static boolean verifies(PublicKey key, String message, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sig.length != 64) return false;
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
