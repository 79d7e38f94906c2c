package dev.assay.fingerprint.export;

/**
 * Who signs an edge package: a raw 32-byte Ed25519 public key and the signature (64 bytes, RFC 8032) of a message
 * under its private key, which need not leave where it is kept (a ledger's key, a hardware module).
 */
public interface PackageSigner {
    /** The raw 32-byte Ed25519 public key. */
    byte[] publicKey();

    /** The 64-byte Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message);
}
