package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.signature.Signature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A signed, compressed extract of a {@link Signature} for devices that cannot hold the signature itself, at one of
 * three {@link Level}s, each within a hard size budget; an imported package gives an {@link EdgeReference} that
 * scores candidate responses and says MATCH or NO_MATCH at a calibrated false-reject rate.
 *
 * <p>Format version 1, integers big-endian:
 * <pre>
 * "AEDG" | u8 version | u8 level (0 MINIMAL, 1 BALANCED, 2 FULL) | u32 encoder dimension D | u32 package dimension d
 * | 8 bytes key id (SHA-256 of the signer's raw Ed25519 public key, first 8 bytes) | u32 payload length L
 * | L bytes payload, raw DEFLATE (RFC 1951) | 32 bytes SHA-256 of everything before
 * | 64 bytes Ed25519 (RFC 8032) signature of everything before
 * </pre>
 * so a package is 122 + L bytes. The payload, inflated (strings u16 length + UTF-8, hashes raw 32 bytes, vectors
 * as little-endian bit streams, bit i of a vector being bit i mod 8 of byte i / 8):
 * <pre>
 * str model id | u32 D | str seed | u8 n-gram | u32 max text bytes | encoder config hash
 * | signature digest ({@link Signature#digest()}) | Merkle root ({@link Signature#merkleRoot()})
 * | u64 responses | u32 probes in the signature | f32 x 8 feature means over all responses
 * | f64 alpha | u8 thresholds, each: u16 k | f64 threshold
 * | u8 prototype bits b | ceil(d b / 8) bytes: the global text prototype, d positions of b bits
 * | u32 probe dimension dp | u32 probes held, each: str probe id | u64 responses | dp / 8 bytes majority text vector
 * | u32 sample dimension ds | u32 responses held, each: str probe id | ds / 8 bytes text vector
 * </pre>
 * Every vector is a prefix of the signature's D-bit vector: item-memory vectors of a shorter dimension are prefixes
 * of longer ones, so a prefix is a lower-dimension encoding. Contents by level:
 * <ul>
 *   <li>{@link Level#MINIMAL}: the prototype as the 1-bit majority of all text vectors, d = min(D, 4096) bits
 *       (halved while the package would exceed 1 KB, as with a very long model id); no probe, no sample. About 900
 *       bytes.</li>
 *   <li>{@link Level#BALANCED}: the prototype as 4-bit quantized means, d = min(D, 8192); the majority text
 *       vectors (dp = min(D, 1024)) of as many probes as fit, most answered first. About 10 KB.</li>
 *   <li>{@link Level#FULL}: the prototype as 8-bit quantized means, d = min(D, 16384); the majorities
 *       (dp = min(D, 2048)) of as many probes as fit, most answered first; then as many of the signature's
 *       sampled responses (ds = min(D, 1024), in the sample's hash order, so a uniform subset) as fit.</li>
 * </ul>
 * The thresholds (see {@link Calibration}) are computed at export against the prototype exactly as the package
 * holds it. Reading checks, in order, the magic, version, level, dimensions, the declared size against the
 * level's budget (before reading the rest), truncation, the checksum, the key id, the signature and the payload,
 * and refuses the first problem with an {@link InvalidInputException} naming it. Immutable and thread-safe.
 */
public final class EdgePackage {
    private final Level level;
    private final byte[] bytes;
    private final byte[] keyId;
    private final Payload payload;

    private EdgePackage(PackageFormat.Opened opened) {
        this.level = opened.level();
        this.bytes = opened.bytes();
        this.keyId = opened.keyId();
        this.payload = Payload.parse(opened.payload(), opened.encoderDimension(), opened.dimension(), "edge package");
    }

    /** The package of {@code signature} at {@code level}, signed with the 32-byte Ed25519 private seed, default calibration. */
    public static EdgePackage export(Signature signature, Level level, byte[] signingSeed) {
        return export(signature, level, signingSeed, ExportConfig.DEFAULT);
    }

    /** The package of {@code signature} at {@code level}, signed with the 32-byte Ed25519 private seed. */
    public static EdgePackage export(Signature signature, Level level, byte[] signingSeed, ExportConfig config) {
        Ed25519PrivateKeyParameters key = privateKey(signingSeed);
        byte[] pub = key.generatePublicKey().getEncoded();
        return export(signature, level, config, new PackageSigner() {
            @Override
            public byte[] publicKey() {
                return pub.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                byte[] sig = new byte[64];
                key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
                return sig;
            }
        });
    }

    /** The package of {@code signature} at {@code level}, signed by {@code signer} (whose private key stays with it). */
    public static EdgePackage export(Signature signature, Level level, ExportConfig config, PackageSigner signer) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signer, "signer");
        Payload p = Exporter.payload(signature, level, config);
        byte[] sealed = PackageFormat.seal(level, signature.config().dimension(), p.dimension(), p.toBytes(), signer);
        return new EdgePackage(PackageFormat.open(new ByteArrayInputStream(sealed), new Ed25519PublicKeyParameters(signer.publicKey(), 0)));
    }

    /** The 32-byte Ed25519 public key of a 32-byte private seed. */
    public static byte[] publicKey(byte[] signingSeed) {
        return privateKey(signingSeed).generatePublicKey().getEncoded();
    }

    /**
     * Reads one package from {@code in}, reading no byte past its declared end and refusing a declared size beyond
     * its level's budget before reading more than the 26-byte header; checks it against the signer's 32-byte raw
     * Ed25519 public key.
     */
    public static EdgePackage read(InputStream in, byte[] publicKey) {
        if (publicKey == null || publicKey.length != 32) throw new InvalidInputException("an Ed25519 public key has 32 bytes");
        return new EdgePackage(PackageFormat.open(in, new Ed25519PublicKeyParameters(publicKey, 0)));
    }

    /** As {@link #read(InputStream, byte[])}, with a JCA Ed25519 public key (X.509 encoded, RFC 8410). */
    public static EdgePackage read(InputStream in, PublicKey publicKey) {
        return read(in, raw(publicKey));
    }

    /** Writes the package's bytes to {@code out}. */
    public void write(OutputStream out) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the edge package", e);
        }
    }

    public Level level() {
        return level;
    }

    /** The encoded package, a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Encoded size in bytes, at most {@link Level#budget()}. */
    public int size() {
        return bytes.length;
    }

    /** The signer's key id: the first 8 bytes of the SHA-256 of its raw public key, hex. */
    public String keyId() {
        return HexFormat.of().formatHex(keyId);
    }

    /** The reference a device scores candidate responses against. */
    public EdgeReference reference() {
        return new EdgeReference(level, payload);
    }

    private static Ed25519PrivateKeyParameters privateKey(byte[] seed) {
        if (seed == null || seed.length != 32) throw new InvalidInputException("an Ed25519 seed has 32 bytes");
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private static byte[] raw(PublicKey key) {
        byte[] der = Objects.requireNonNull(key, "publicKey").getEncoded();
        if (der == null || der.length != X509_PREFIX.length + 32
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new InvalidInputException("the public key is not an RFC 8410 Ed25519 key");
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    @Override
    public String toString() {
        return "EdgePackage[" + level + ", model=" + payload.modelId() + ", " + bytes.length + " bytes, d=" + payload.dimension() + "]";
    }
}
