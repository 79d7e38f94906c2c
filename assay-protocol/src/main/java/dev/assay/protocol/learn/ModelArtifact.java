package dev.assay.protocol.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A {@link LearnedModel} as one file, gzip-compressed: the magic {@code ASSAYPLM}, the format version (int), a JSON
 * header (feature layout version, class labels, temperature, threshold, provenance, SHA-256 of the trees) with its
 * length (int), then the trees in XGBoost's UBJSON format with their length (int). Reading checks the magic, both
 * versions and the digest before XGBoost sees the trees.
 */
final class ModelArtifact {
    private ModelArtifact() {}

    static final byte[] MAGIC = "ASSAYPLM".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    /** Larger than any model this format is meant for; a length above it is a damaged file. */
    static final int MAX_SECTION = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Header(int featureVersion, List<String> labels, double temperature, double threshold, Provenance provenance, String treesSha256) {}

    static void write(LearnedModel model, OutputStream out) throws IOException {
        byte[] trees = model.trees();
        Header h = new Header(FlowFeatures.VERSION, model.labels(), model.temperature(), model.threshold(), model.provenance(), Hashing.sha256Hex(trees));
        byte[] header = JSON.writeValueAsBytes(h);
        var gzip = new GZIPOutputStream(out);
        var data = new DataOutputStream(gzip);
        data.write(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(header.length);
        data.write(header);
        data.writeInt(trees.length);
        data.write(trees);
        data.flush();
        gzip.finish();
    }

    static LearnedModel read(InputStream in, String name) throws IOException {
        try {
            var data = new DataInputStream(new GZIPInputStream(in));
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new InvalidInputException(name + " is not a protocol model file");
            int format = data.readInt();
            if (format != FORMAT) throw new InvalidInputException(name + " is a protocol model of format " + format + "; this build reads format " + FORMAT);
            Header h = parse(section(data, name, "header"), name);
            if (h.featureVersion() != FlowFeatures.VERSION)
                throw new InvalidInputException(name + " was trained on feature layout " + h.featureVersion() + "; this build computes layout " + FlowFeatures.VERSION);
            byte[] trees = section(data, name, "trees");
            if (!Hashing.sha256Hex(trees).equals(h.treesSha256())) throw new InvalidInputException(name + " is damaged: its trees do not match their digest");
            LearnedModel model = new LearnedModel(LearnedModel.trees(trees), h.labels(), h.temperature(), h.threshold(), h.provenance());
            int classes = model.predict(new float[FlowFeatures.SIZE]).margins().length;
            if (classes != h.labels().size())
                throw new InvalidInputException(name + " names " + h.labels().size() + " classes but its trees give " + classes);
            return model;
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(name + " is not a protocol model file or is cut short", e);
        } catch (XGBoostError e) {
            throw new InvalidInputException(name + " holds trees XGBoost cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + " holds an invalid model: " + e.getMessage(), e);
        }
    }

    private static byte[] section(DataInputStream data, String name, String what) throws IOException {
        int n = data.readInt();
        if (n < 0 || n > MAX_SECTION) throw new InvalidInputException(name + " is damaged: its " + what + " claims " + n + " bytes");
        byte[] b = data.readNBytes(n);
        if (b.length != n) throw new InvalidInputException(name + " is cut short in its " + what);
        return b;
    }

    private static Header parse(byte[] header, String name) {
        try {
            Header h = JSON.readValue(header, Header.class);
            if (h.labels() == null || h.provenance() == null || h.treesSha256() == null)
                throw new InvalidInputException(name + " has an incomplete header");
            return h;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(name + " has a header that is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(name + " has an unreadable header", e);
        }
    }

    static byte[] bytes(LearnedModel model) {
        var out = new ByteArrayOutputStream();
        try {
            write(model, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
