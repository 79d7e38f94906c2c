package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Hypervector;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a package carries, before compression; the layout is in {@link EdgePackage}. Hashes are raw 32-byte
 * SHA-256 values; vectors are prefixes of {@code probeDimension} or {@code sampleDimension} bits.
 */
record Payload(String modelId, EncoderConfig config, byte[] configHash, byte[] signatureDigest, byte[] merkleRoot,
               long responses, int probeCount, float[] featureMeans, double alpha, List<Calibration> calibrations,
               int bits, int dimension, byte[] prototype, int probeDimension, List<ProbeVector> probes,
               int sampleDimension, List<SampleVector> sample) {
    /** One probe's majority text vector, over {@code count} responses. */
    record ProbeVector(String probeId, long count, Hypervector majority) {}

    /** One sampled response's text vector. */
    record SampleVector(String probeId, Hypervector text) {}

    private static final int MAX_STRING = 65_535;

    Payload {
        calibrations = List.copyOf(calibrations);
        probes = List.copyOf(probes);
        sample = List.copyOf(sample);
    }

    /** This payload with only the first {@code nProbes} probes and {@code nSample} sampled responses. */
    Payload limited(int nProbes, int nSample) {
        return new Payload(modelId, config, configHash, signatureDigest, merkleRoot, responses, probeCount, featureMeans,
                alpha, calibrations, bits, dimension, prototype, probeDimension, probes.subList(0, nProbes),
                sampleDimension, sample.subList(0, nSample));
    }

    byte[] toBytes() {
        var bytes = new ByteArrayOutputStream(prototype.length + 1024);
        try (var out = new DataOutputStream(bytes)) {
            str(out, modelId);
            out.writeInt(config.dimension());
            str(out, config.seed());
            out.writeByte(config.ngram());
            out.writeInt(config.maxTextBytes());
            out.write(configHash);
            out.write(signatureDigest);
            out.write(merkleRoot);
            out.writeLong(responses);
            out.writeInt(probeCount);
            for (float f : featureMeans) out.writeFloat(f);
            out.writeDouble(alpha);
            out.writeByte(calibrations.size());
            for (Calibration c : calibrations) {
                out.writeShort(c.k());
                out.writeDouble(c.threshold());
            }
            out.writeByte(bits);
            out.write(prototype);
            out.writeInt(probeDimension);
            out.writeInt(probes.size());
            for (ProbeVector p : probes) {
                str(out, p.probeId());
                out.writeLong(p.count());
                out.write(Vectors.prefixBytes(p.majority(), probeDimension));
            }
            out.writeInt(sampleDimension);
            out.writeInt(sample.size());
            for (SampleVector s : sample) {
                str(out, s.probeId());
                out.write(Vectors.prefixBytes(s.text(), sampleDimension));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a payload whose header declared encoder dimension {@code bigD} and package dimension {@code d}. */
    static Payload parse(byte[] raw, int bigD, int d, String what) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        try {
            String modelId = str(in);
            int dim = in.getInt();
            String seed = str(in);
            int ngram = Byte.toUnsignedInt(in.get());
            int maxText = in.getInt();
            EncoderConfig config;
            try {
                config = new EncoderConfig(dim, seed, ngram, maxText);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + ": " + e.getMessage());
            }
            if (dim != bigD) throw new InvalidInputException(what + ": its payload's dimension " + dim + " disagrees with its header's " + bigD);
            byte[] configHash = bytes(in, 32);
            if (!HexFormat.of().formatHex(configHash).equals(config.hash())) {
                throw new InvalidInputException(what + ": its encoder configuration hash does not match its configuration");
            }
            byte[] digest = bytes(in, 32);
            byte[] root = bytes(in, 32);
            long responses = in.getLong();
            int probeCount = in.getInt();
            float[] features = new float[Features.COUNT];
            for (int i = 0; i < features.length; i++) features[i] = in.getFloat();
            double alpha = in.getDouble();
            int nCal = Byte.toUnsignedInt(in.get());
            List<Calibration> cals = new ArrayList<>(nCal);
            for (int i = 0; i < nCal; i++) {
                int k = Short.toUnsignedInt(in.getShort());
                double t = in.getDouble();
                if (!cals.isEmpty() && cals.get(cals.size() - 1).k() >= k) throw new IllegalArgumentException("calibrations out of order");
                cals.add(new Calibration(k, t));
            }
            if (cals.isEmpty() || !(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("no usable calibration");
            int bits = Byte.toUnsignedInt(in.get());
            if (bits != 1 && bits != 4 && bits != 8) throw new IllegalArgumentException("prototype of " + bits + " bits");
            byte[] prototype = bytes(in, Vectors.packedLength(d, bits));
            int pd = dimensionAtMost(in.getInt(), bigD);
            int nProbes = count(in.getInt(), in, pd / 8);
            List<ProbeVector> probes = new ArrayList<>(nProbes);
            for (int i = 0; i < nProbes; i++) {
                String id = str(in);
                long count = in.getLong();
                probes.add(new ProbeVector(id, count, Vectors.fromBytes(bytes(in, pd / 8))));
            }
            int sd = dimensionAtMost(in.getInt(), bigD);
            int nSample = count(in.getInt(), in, sd / 8);
            List<SampleVector> sample = new ArrayList<>(nSample);
            for (int i = 0; i < nSample; i++) {
                String id = str(in);
                sample.add(new SampleVector(id, Vectors.fromBytes(bytes(in, sd / 8))));
            }
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the sample");
            return new Payload(modelId, config, configHash, digest, root, responses, probeCount, features, alpha, cals,
                    bits, d, prototype, pd, probes, sd, sample);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? "it ends early" : e.getMessage();
            throw new InvalidInputException(what + " has a malformed payload (" + why + ")");
        }
    }

    private static int dimensionAtMost(int dim, int bigD) {
        if (dim < 64 || dim % 64 != 0 || dim > bigD) throw new IllegalArgumentException("vector dimension " + dim);
        return dim;
    }

    private static int count(int n, ByteBuffer in, int minBytesEach) {
        if (n < 0 || (long) n * minBytesEach > in.remaining()) throw new IllegalArgumentException("impossible count " + n);
        return n;
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) throw new InvalidInputException("a string of " + b.length + " bytes cannot go in an edge package");
        out.writeShort(b.length);
        out.write(b);
    }

    private static String str(ByteBuffer in) {
        return new String(bytes(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
    }
}
