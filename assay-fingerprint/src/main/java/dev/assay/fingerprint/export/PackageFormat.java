package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** The framing of a package (layout in {@link EdgePackage}): sealing, and opening with every check in order. */
final class PackageFormat {
    static final byte[] MAGIC = {'A', 'E', 'D', 'G'};
    static final int VERSION = 1;
    static final int HEADER = 26;
    static final int TRAILER = 32 + Ed25519.SIGNATURE_SIZE;
    /** Largest payload accepted once inflated: far above what any budget's compressed payload holds in practice. */
    private static final int MAX_INFLATED = 1 << 22;
    private static final String WHAT = "edge package";

    private PackageFormat() {}

    /** A package opened and checked: its level, dimensions, bytes and inflated payload. */
    record Opened(Level level, int encoderDimension, int dimension, byte[] keyId, byte[] bytes, byte[] payload) {}

    static byte[] seal(Level level, int encoderDimension, int dimension, byte[] payload, PackageSigner signer) {
        byte[] deflated = deflate(payload);
        ByteBuffer out = ByteBuffer.allocate(HEADER + deflated.length + TRAILER);
        out.put(MAGIC).put((byte) VERSION).put((byte) level.ordinal()).putInt(encoderDimension).putInt(dimension)
                .put(keyId(new Ed25519PublicKeyParameters(signer.publicKey(), 0))).putInt(deflated.length).put(deflated);
        byte[] bytes = out.array();
        int signed = HEADER + deflated.length;
        out.put(sha256(bytes, signed));
        byte[] signature = signer.sign(Arrays.copyOf(bytes, signed + 32));
        if (signature.length != 64) throw new IllegalStateException("an Ed25519 signature has 64 bytes, the signer gave " + signature.length);
        System.arraycopy(signature, 0, bytes, signed + 32, 64);
        return bytes;
    }

    /** The encoded size of a package whose payload is {@code payload}. */
    static int sealedSize(byte[] payload) {
        return HEADER + deflate(payload).length + TRAILER;
    }

    static Opened open(InputStream in, Ed25519PublicKeyParameters key) {
        byte[] header = readFully(in, HEADER);
        int head = Math.min(header.length, MAGIC.length);
        if (!Arrays.equals(header, 0, head, MAGIC, 0, head)) {
            throw new InvalidInputException(WHAT + " is not an Assay edge package (it does not start with AEDG)");
        }
        if (header.length < HEADER) throw truncated(header.length);
        ByteBuffer h = ByteBuffer.wrap(header);
        h.position(MAGIC.length);
        int version = Byte.toUnsignedInt(h.get());
        if (version != VERSION) {
            throw new InvalidInputException(WHAT + " has format version " + version + "; this Assay reads version " + VERSION);
        }
        int levelCode = Byte.toUnsignedInt(h.get());
        if (levelCode >= Level.values().length) throw new InvalidInputException(WHAT + " has an unknown level " + levelCode);
        Level level = Level.values()[levelCode];
        int bigD = h.getInt();
        int d = h.getInt();
        if (bigD < 64 || bigD % 64 != 0 || bigD > EncoderConfig.MAX_DIMENSION || d < 64 || d % 64 != 0 || d > bigD) {
            throw new InvalidInputException(WHAT + " declares impossible dimensions " + Integer.toUnsignedString(d)
                    + " of " + Integer.toUnsignedString(bigD));
        }
        byte[] keyId = new byte[8];
        h.get(keyId);
        long deflated = Integer.toUnsignedLong(h.getInt());
        long size = HEADER + deflated + TRAILER;
        if (size > level.budget()) {
            throw new InvalidInputException(WHAT + " declares " + size + " bytes, beyond the " + level + " budget of "
                    + level.budget());
        }
        byte[] rest = readFully(in, (int) (size - HEADER));
        if (rest.length < size - HEADER) throw truncated(HEADER + rest.length);
        byte[] bytes = Arrays.copyOf(header, (int) size);
        System.arraycopy(rest, 0, bytes, HEADER, rest.length);
        int signed = HEADER + (int) deflated;
        if (!MessageDigest.isEqual(sha256(bytes, signed), Arrays.copyOfRange(bytes, signed, signed + 32))) {
            throw new InvalidInputException(WHAT + " is corrupted: its SHA-256 checksum does not match its contents");
        }
        byte[] expected = keyId(key);
        if (!MessageDigest.isEqual(expected, keyId)) {
            throw new InvalidInputException(WHAT + " was signed by key " + HexFormat.of().formatHex(keyId)
                    + ", not by the given key " + HexFormat.of().formatHex(expected));
        }
        if (!key.verify(Ed25519.Algorithm.Ed25519, null, bytes, 0, signed + 32, bytes, signed + 32)) {
            throw new InvalidInputException(WHAT + " has an invalid Ed25519 signature");
        }
        byte[] payload = inflate(bytes, HEADER, (int) deflated);
        return new Opened(level, bigD, d, keyId, bytes, payload);
    }

    /** First 8 bytes of the SHA-256 of the raw 32-byte public key. */
    static byte[] keyId(Ed25519PublicKeyParameters key) {
        byte[] pub = key.getEncoded();
        return Arrays.copyOf(sha256(pub, pub.length), 8);
    }

    private static InvalidInputException truncated(int got) {
        return new InvalidInputException(WHAT + " is truncated (it ends after " + got + " bytes)");
    }

    private static byte[] readFully(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + WHAT, e);
        }
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(raw);
            d.finish();
            var out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] bytes, int offset, int length) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(bytes, offset, length);
            var out = new ByteArrayOutputStream(length * 2 + 64);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new InvalidInputException(WHAT + " has a malformed payload (its deflate stream ends early)");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new InvalidInputException(WHAT + " has a malformed payload (it inflates beyond " + MAX_INFLATED + " bytes)");
                }
            }
            if (inf.getRemaining() != 0) throw new InvalidInputException(WHAT + " has a malformed payload (bytes after its deflate stream)");
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new InvalidInputException(WHAT + " has a malformed payload (" + e.getMessage() + ")");
        } finally {
            inf.end();
        }
    }

    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
