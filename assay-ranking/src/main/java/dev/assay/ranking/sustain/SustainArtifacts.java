package dev.assay.ranking.sustain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.ranking.figure.Figure;
import dev.assay.ranking.figure.FigureRenderer;
import dev.assay.ranking.router.Distillation;
import dev.assay.ranking.router.RouterArtifact;
import dev.assay.core.ledger.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes a cycle's artifacts into one directory: {@code gating.json}, {@code coverage.json},
 * {@code audit.json}, the figures if drawn ({@code figures/*.png}), {@code report.md} and last
 * {@code manifest.json} (the SHA-256 of each file
 * and of each input, the configuration, the outcome and the creation time). Everything is
 * written and fsynced in a fresh temporary directory beside the target, which is then renamed
 * into place (an existing target is first renamed aside and deleted after): a failed run leaves
 * no target directory, or the previous one untouched, never a half-written one. Only after the
 * rename is the cycle recorded (ledger entry with the manifest's hash), so the ledger never
 * names artifacts that were not published.
 */
public final class SustainArtifacts {
    /** The artifact files, in manifest order; {@value #MANIFEST} comes last. */
    public static final List<String> FILES = List.of("gating.json", "coverage.json", "audit.json", "report.md");
    /** The refreshed router ({@link RouterArtifact}), present when the cycle distilled one; listed in the manifest before the report. */
    public static final String ROUTER = "router.json";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SustainArtifacts() {}

    /** What was published: the directory, the SHA-256 of its manifest, and the ledger entry if one was recorded. */
    public record Published(Path dir, String manifestSha256, Optional<LedgerEntry> entry) {}

    /** Writes one file durably; a seam for tests that fail a write midway. */
    @FunctionalInterface
    interface FileSink {
        void write(Path file, byte[] bytes) throws IOException;
    }

    /** The folder, inside the artifact directory, of the figures a {@link FigureRenderer} drew. */
    public static final String FIGURES = "figures";

    /** Publishes without figures. */
    public static Published publish(Path out, SustainReport report, SustainRecorder recorder) {
        return publish(out, report, recorder, FigureRenderer.NONE);
    }

    /**
     * Publishes with the figures {@code figures} draws of {@link SustainReport#figures()} in
     * {@value #FIGURES}/, each linked from {@code report.md} and listed in the manifest like every file.
     */
    public static Published publish(Path out, SustainReport report, SustainRecorder recorder, FigureRenderer figures) {
        return publish(out, report, recorder, figures, SustainArtifacts::writeDurably);
    }

    static Published publish(Path out, SustainReport report, SustainRecorder recorder, FileSink sink) {
        return publish(out, report, recorder, FigureRenderer.NONE, sink);
    }

    static Published publish(Path out, SustainReport report, SustainRecorder recorder, FigureRenderer figures, FileSink sink) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) throw new InvalidInputException("--out must not be the file system root");
        String name = target.getFileName().toString();
        Path tmp;
        try {
            Files.createDirectories(parent);
            if (Files.exists(target) && !Files.isDirectory(target))
                throw new InvalidInputException("--out " + out + " exists and is not a directory");
            tmp = Files.createTempDirectory(parent, "." + name + ".tmp-");
        } catch (IOException e) {
            throw new InvalidInputException("cannot create the artifact directory beside " + out + ": " + e.getMessage());
        }
        String manifestSha;
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("gating.json", json(ArtifactJson.gating(report)));
            files.put("coverage.json", json(ArtifactJson.coverage(report)));
            files.put("audit.json", json(ArtifactJson.audit(report)));
            if (report.publishesRouter()) {
                Map<String, String> in = new LinkedHashMap<>();
                for (InputFile f : report.inputs()) in.put(f.role(), f.sha256());
                files.put(ROUTER, RouterArtifact.of(report.router().get(), in, report.config().measure(), report.createdAt()).toJson()
                        .getBytes(StandardCharsets.UTF_8));
            }
            List<FigureRenderer.Rendered> drawn = figures.render(report.figures());
            for (FigureRenderer.Rendered f : drawn) files.put(FIGURES + "/" + f.figure().file(), f.png());
            files.put("report.md", (ReportMarkdown.of(report, recorder.describe())
                    + Figure.markdownSection(drawn.stream().map(FigureRenderer.Rendered::figure).toList(), FIGURES))
                    .getBytes(StandardCharsets.UTF_8));
            ObjectNode manifest = JSON.createObjectNode().put("kind", "assay.rank.sustain").put("createdAt", report.createdAt().toString())
                    .put("production", report.production()).put("candidate", report.candidate())
                    .put("outcome", report.outcome().name()).put("outcomeReason", report.outcomeReason());
            ObjectNode sums = manifest.putObject("files");
            if (!drawn.isEmpty()) Files.createDirectory(tmp.resolve(FIGURES));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sink.write(tmp.resolve(f.getKey()), f.getValue());
                sums.put(f.getKey(), Hashing.sha256Hex(f.getValue()));
            }
            var inputs = manifest.putArray("inputs");
            for (InputFile f : report.inputs()) inputs.addObject().put("role", f.role()).put("path", f.path()).put("sha256", f.sha256());
            manifest.set("config", config(report.config()));
            byte[] bytes = json(manifest);
            sink.write(tmp.resolve(MANIFEST), bytes);
            manifestSha = Hashing.sha256Hex(bytes);
            swapInto(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            if (e instanceof IOException io) throw new InvalidInputException("cannot write artifacts to " + out + ": " + io.getMessage());
            throw (RuntimeException) e;
        }
        return new Published(target, manifestSha, recorder.record(manifestSha, target, report));
    }

    /** The outcome, the publication, the warnings and every artifact's JSON, as {@code assay rank sustain --json} prints it. */
    public static ObjectNode summary(SustainReport report, Published published) {
        ObjectNode n = JSON.createObjectNode().put("outcome", report.outcome().name()).put("outcomeReason", report.outcomeReason()).put("out", published.dir().toString())
                .put("manifestSha256", published.manifestSha256());
        if (published.entry().isPresent()) n.put("ledgerSeq", published.entry().get().seq());
        else n.putNull("ledgerSeq");
        var w = n.putArray("warnings");
        report.warnings().forEach(w::add);
        n.set("audit", ArtifactJson.audit(report));
        n.set("coverage", ArtifactJson.coverage(report));
        n.set("gating", ArtifactJson.gating(report));
        report.router().ifPresent(d -> {
            ObjectNode r = n.putObject("router");
            r.put("verdict", d.verdict().name());
            ArtifactJson.num(r, "teacherGain", d.outcome(Distillation.Policy.TEACHER).meanGain());
            ArtifactJson.num(r, "int8Gain", d.outcome(Distillation.Policy.INT8).meanGain());
            ArtifactJson.num(r, "noRegretMean", d.noRegret().estimate());
            ArtifactJson.num(r, "noRegretLower", d.noRegret().lower());
            ArtifactJson.num(r, "agreement", d.agreement());
        });
        return n;
    }

    /** The gating of an earlier cycle in {@code dir}, checked against that cycle's manifest. */
    public static PreviousGating readPrevious(Path dir) {
        try {
            byte[] gating = Files.readAllBytes(dir.resolve("gating.json"));
            JsonNode manifest = JSON.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
            String expected = manifest.path("files").path("gating.json").asText("");
            if (!expected.equals(Hashing.sha256Hex(gating)))
                throw new InvalidInputException("--previous " + dir + ": gating.json does not match its manifest's SHA-256");
            JsonNode g = JSON.readTree(gating);
            double theta = ArtifactJson.readNum(g, "theta");
            if (Double.isNaN(theta)) throw new InvalidInputException("--previous " + dir + ": gating.json has no theta");
            return new PreviousGating(theta, ArtifactJson.readNum(g, "meanGain"), ArtifactJson.readNum(g, "meanCost"),
                    ArtifactJson.readNum(g, "budgetMs"), g.path("topics").asInt(0), Instant.parse(g.path("createdAt").asText()));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--previous " + dir + ": no earlier cycle there (missing " + e.getFile() + ")");
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("--previous " + dir + ": gating.json has no valid createdAt");
        } catch (IOException e) {
            throw new InvalidInputException("--previous " + dir + ": unreadable (" + e.getMessage() + ")");
        }
    }

    private static ObjectNode config(SustainConfig c) {
        ObjectNode n = JSON.createObjectNode().put("measure", c.measure()).put("k", c.k()).put("budgetMs", c.budgetMs())
                .put("upshiftCostMs", c.upshiftCostMs()).put("coverage", c.band().nominal()).put("bandHalfWidth", c.band().halfWidth())
                .put("bandProbability", c.band().minProbability()).put("trainFraction", c.split().train())
                .put("calibrationFraction", c.split().calibration()).put("alpha", c.alpha()).put("margin", c.margin())
                .put("resamples", c.resamples()).put("permutations", c.permutations()).put("earlyExitShare", c.bandShare())
                .put("seed", c.seed());
        return n;
    }

    private static byte[] json(JsonNode n) {
        try {
            return (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** Renames {@code tmp} to {@code target}; an existing target is renamed aside first and deleted once the new one is in place. */
    private static void swapInto(Path tmp, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path aside = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(aside);
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException ignored) {
                // something else took the name: keep the old artifacts aside rather than lose them
            }
            throw e;
        }
        try {
            deleteTree(aside);
        } catch (UncheckedIOException e) {
            // the new artifacts are in place; a leftover copy of the old ones beside them is harmless
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
