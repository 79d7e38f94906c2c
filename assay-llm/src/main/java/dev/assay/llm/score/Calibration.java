package dev.assay.llm.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.CanonicalJson;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Document;
import dev.assay.core.document.Mapping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The thresholds of a {@link QualityCheck}: for each gated statistic, its {@code quantile} over reference responses,
 * with what the reference reports were scored with (window, vocabulary size) so that checked responses are scored the
 * same way. {@link #version()} is the SHA-256 of the canonical JSON of everything else: two calibrations with the same
 * version gate identically.
 *
 * <p>JSON ({@value #FORMAT}): {@code {"format", "quantile", "window", "vocabularySize", "references",
 * "thresholds": {"perplexity", "maxWindowSurprisal", "meanEntropy"?}, "version"}}.
 *
 * @param quantile       the quantile level of the thresholds, in (0, 1)
 * @param window         the window the reference reports were scored with
 * @param vocabularySize the vocabulary size they were scored with
 * @param references     how many reference responses
 * @param thresholds     per gated statistic, the threshold (finite)
 */
public record Calibration(double quantile, int window, long vocabularySize, int references, Map<Statistic, Double> thresholds) {
    /** The format name written into the file. */
    public static final String FORMAT = "assay-token-calibration/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Calibration {
        if (!(quantile > 0 && quantile < 1)) throw new InvalidInputException("quantile must be in (0, 1), but was " + quantile);
        new TokenScorer.Config(window, vocabularySize);
        if (references < QualityCheck.MIN_REFERENCES)
            throw new InvalidInputException("a calibration needs at least " + QualityCheck.MIN_REFERENCES + " reference responses, but had " + references);
        Objects.requireNonNull(thresholds, "thresholds");
        if (!thresholds.containsKey(Statistic.PERPLEXITY) || !thresholds.containsKey(Statistic.MAX_WINDOW_SURPRISAL))
            throw new InvalidInputException("a calibration needs thresholds for perplexity and maxWindowSurprisal");
        EnumMap<Statistic, Double> t = new EnumMap<>(Statistic.class);
        for (var e : thresholds.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue()))
                throw new InvalidInputException("threshold " + e.getKey().key() + " must be a finite number, but was " + e.getValue());
            t.put(e.getKey(), e.getValue());
        }
        thresholds = Collections.unmodifiableMap(t);
    }

    /** The scorer configuration the calibration's reference was scored with. */
    public TokenScorer.Config scorerConfig() {
        return new TokenScorer.Config(window, vocabularySize);
    }

    /** The SHA-256 (hex) of the calibration's canonical JSON without its version. */
    public String version() {
        return Hashing.sha256Hex(CanonicalJson.text(body()).getBytes(StandardCharsets.UTF_8));
    }

    /** The calibration as written to a file, version included. */
    public ObjectNode toJson() {
        ObjectNode n = body();
        n.put("version", version());
        return n;
    }

    private ObjectNode body() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("quantile", quantile);
        n.put("window", window);
        n.put("vocabularySize", vocabularySize);
        n.put("references", references);
        ObjectNode t = n.putObject("thresholds");
        for (var e : thresholds.entrySet()) t.put(e.getKey().key(), e.getValue());
        return n;
    }

    /** Reads a calibration file ({@link #toJson}); every problem named with its field and line, and a version that does not match the content refused. */
    public static Calibration read(Path file) {
        return parse(Document.read(file, "calibration file", "invalid calibration " + file), "calibration " + file);
    }

    /** Parses a calibration's text; {@code subject} names it in errors. */
    public static Calibration parse(String text, String subject) {
        return parse(Document.parse(text, subject), subject);
    }

    private static Calibration parse(Document doc, String subject) {
        Mapping m = doc.root();
        m.allowOnly("format", "quantile", "window", "vocabularySize", "references", "thresholds", "version");
        String format = m.text("format");
        if (format != null && !format.equals(FORMAT)) m.problem("format", "must be " + FORMAT + ", but was '" + format + "'");
        Double quantile = m.number("quantile");
        Integer window = m.integer("window");
        long vocabulary = m.longInteger("vocabularySize", -1);
        if (!m.has("vocabularySize")) m.problem("vocabularySize", "is required");
        Integer references = m.integer("references");
        String version = m.text("version", null);
        Map<Statistic, Double> thresholds = new EnumMap<>(Statistic.class);
        Mapping t = m.mapping("thresholds");
        if (t != null) {
            t.allowOnly(java.util.Arrays.stream(Statistic.values()).map(Statistic::key).toList());
            for (String k : t.keys()) {
                Statistic s = Statistic.byKey(k);
                Double v = t.number(k);
                if (s != null && v != null) thresholds.put(s, v);
            }
        }
        return doc.finish(() -> {
            Calibration c;
            try {
                c = new Calibration(quantile, window, vocabulary, references, thresholds);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(subject + ": " + e.getMessage());
            }
            if (version != null && !version.equals(c.version()))
                throw new InvalidInputException(subject + ": version " + version + " does not match its content (" + c.version()
                        + "): the file was changed after it was written");
            return c;
        });
    }
}
