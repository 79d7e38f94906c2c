package dev.assay.ranking.sustain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic publication of a cycle's artifacts, their manifest, reading them back, and the ledger entry. */
class SustainArtifactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static SustainReport report;

    @BeforeAll
    static void cycle() throws IOException {
        SustainInputs in = SyntheticTrec.write(shared, 120, 5).inputs();
        SustainCycle.Result r = SustainCycle.run(in, SustainConfig.defaults(10, 1), Optional.empty(), GainModel.ols(),
                new ManualClock(Instant.parse("2026-11-22T12:00:00Z")));
        report = ((SustainCycle.Completed) r).report();
    }

    @Test
    void manifest_holdsTheSha256OfEveryFileAndInput() throws IOException {
        Path out = dir.resolve("cycle");
        SustainArtifacts.Published p = SustainArtifacts.publish(out, report, SustainRecorder.none());
        assertThat(p.entry()).isEmpty();
        byte[] manifestBytes = Files.readAllBytes(out.resolve("manifest.json"));
        assertThat(p.manifestSha256()).isEqualTo(dev.assay.core.Hashing.sha256Hex(manifestBytes));
        JsonNode m = JSON.readTree(manifestBytes);
        assertThat(m.path("createdAt").asText()).isEqualTo("2026-11-22T12:00:00Z");
        for (String f : SustainArtifacts.FILES)
            assertThat(m.path("files").path(f).asText()).as(f).isEqualTo(dev.assay.core.Hashing.sha256Hex(Files.readAllBytes(out.resolve(f))));
        assertThat(m.path("inputs")).hasSize(3);
        for (JsonNode i : m.path("inputs"))
            assertThat(i.path("sha256").asText()).isEqualTo(InputFile.of("x", Path.of(i.path("path").asText())).sha256());
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(x -> x.getFileName().toString()).sorted().toList())
                    .containsExactly("audit.json", "coverage.json", "gating.json", "manifest.json", "report.md");
        }
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## 1. Audit", "## 2. Per-slice", "## 3. Gating", "not recorded: the cycle was run without a ledger",
                "ESS / usable units", "TOO_FEW_POINTS");
        assertThat(JSON.readTree(out.resolve("coverage.json").toFile()).path("slices")).hasSize(4);
    }

    @Test
    void aCycleWithADistilledRouter_publishesRouterJsonInTheManifest_onlyWhenItPassedOrIsForced() throws IOException {
        Files.createDirectories(dir.resolve("in"));
        SustainInputs in = SyntheticTrec.write(dir.resolve("in"), 120, 5).inputs();
        for (SustainConfig.FailedRouter policy : SustainConfig.FailedRouter.values()) {
            SustainCycle.Result r = SustainCycle.run(in, SustainConfig.defaults(10, 1).withFailedRouter(policy), Optional.empty(),
                    GainModel.ols(), Optional.of(dev.assay.ranking.router.Distillation.Config.defaults(10, 1)),
                    new ManualClock(Instant.parse("2026-11-22T12:00:00Z")));
            SustainReport withRouter = ((SustainCycle.Completed) r).report();
            assertThat(withRouter.router()).isPresent();
            boolean passed = withRouter.router().get().verdict() == dev.assay.core.contract.Verdict.PASS;
            boolean expected = passed || policy == SustainConfig.FailedRouter.PUBLISH;
            assertThat(withRouter.publishesRouter()).isEqualTo(expected);
            Path out = dir.resolve("cycle-" + policy);
            SustainArtifacts.publish(out, withRouter, SustainRecorder.none());
            JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
            assertThat(Files.exists(out.resolve(SustainArtifacts.ROUTER))).as(policy.name()).isEqualTo(expected);
            assertThat(m.path("files").has(SustainArtifacts.ROUTER)).isEqualTo(expected);
            assertThat(Files.readString(out.resolve("report.md"))).contains("### Distilled router");
            if (!expected) continue;
            assertThat(m.path("files").path(SustainArtifacts.ROUTER).asText())
                    .isEqualTo(dev.assay.core.Hashing.sha256Hex(Files.readAllBytes(out.resolve(SustainArtifacts.ROUTER))));
            dev.assay.ranking.router.RouterArtifact a = dev.assay.ranking.router.RouterArtifact.read(out.resolve(SustainArtifacts.ROUTER));
            assertThat(a.json().path("no_regret").path("verdict").asText()).isEqualTo(withRouter.router().get().verdict().name());
            assertThat(a.json().path("inputs").path("qrels").asText()).isEqualTo(withRouter.inputs().get(0).sha256());
            assertThat(Files.readString(out.resolve("report.md"))).contains("`router.json`");
        }
    }

    @Test
    void failureMidway_leavesNoOutDirAndNoTemporaryFiles() {
        Path out = dir.resolve("cycle");
        SustainArtifacts.FileSink failing = (file, bytes) -> {
            if (file.getFileName().toString().equals("report.md")) throw new IOException("disk full");
            Files.write(file, bytes);
        };
        assertThatThrownBy(() -> SustainArtifacts.publish(out, report, SustainRecorder.none(), failing))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("disk full");
        assertThat(out).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void failureMidway_keepsThePreviousArtifactsUntouched() throws IOException {
        Path out = dir.resolve("cycle");
        SustainArtifacts.publish(out, report, SustainRecorder.none());
        byte[] before = Files.readAllBytes(out.resolve("manifest.json"));
        SustainArtifacts.FileSink failing = (file, bytes) -> {
            if (file.getFileName().toString().equals("manifest.json")) throw new IOException("no space");
            Files.write(file, bytes);
        };
        assertThatThrownBy(() -> SustainArtifacts.publish(out, report, SustainRecorder.none(), failing))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(out);
        }
    }

    @Test
    void republishing_replacesTheDirectoryAndReadsBackAsPrevious() {
        Path out = dir.resolve("cycle");
        SustainArtifacts.publish(out, report, SustainRecorder.none());
        SustainArtifacts.publish(out, report, SustainRecorder.none());
        PreviousGating prev = SustainArtifacts.readPrevious(out);
        assertThat(prev.theta()).isEqualTo(report.gating().solution().theta());
        assertThat(prev.meanGain()).isEqualTo(report.gating().solution().meanGain());
        assertThat(prev.budgetMs()).isEqualTo(10.0);
        assertThat(prev.createdAt()).isEqualTo(report.createdAt());
        assertThat(dir.toFile().list()).containsExactly("cycle");
    }

    @Test
    void previousWithAnEditedGatingFile_isRejected() throws IOException {
        Path out = dir.resolve("cycle");
        SustainArtifacts.publish(out, report, SustainRecorder.none());
        Path g = out.resolve("gating.json");
        Files.writeString(g, Files.readString(g).replaceFirst("\"budgetMs\" : 10\\.0", "\"budgetMs\" : 99.0"));
        assertThatThrownBy(() -> SustainArtifacts.readPrevious(out)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> SustainArtifacts.readPrevious(dir.resolve("nothing"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no earlier cycle");
    }

    @Test
    void withALedger_appendsOneEntryCarryingTheManifestHash() throws IOException {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
        try (Store store = Store.sqlite(dir.resolve("assay.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(dir.resolve("keys")), clock)) {
            SustainArtifacts.Published p = SustainArtifacts.publish(dir.resolve("cycle"), report, SustainRecorder.ledger(ledger, "sustain/a/b"));
            LedgerEntry e = p.entry().orElseThrow();
            assertThat(ledger.headSeq()).isEqualTo(1);
            assertThat(e.kind()).isEqualTo(SustainRecorder.KIND);
            assertThat(e.subject()).isEqualTo("sustain/a/b");
            JsonNode payload = JSON.readTree(e.payload());
            assertThat(payload.path("manifestSha256").asText()).isEqualTo(p.manifestSha256());
            assertThat(payload.path("outcome").asText()).isEqualTo(report.outcome().name());
            assertThat(ledger.verify(VerifyMode.FULL).problem()).isNull();
            assertThat(Files.readString(dir.resolve("cycle/report.md"))).contains("recorded in the ledger");
        }
    }

    @Test
    void summary_carriesEveryStep() {
        SustainArtifacts.Published p = SustainArtifacts.publish(dir.resolve("cycle"), report, SustainRecorder.none());
        JsonNode s = SustainArtifacts.summary(report, p);
        assertThat(List.of("outcome", "manifestSha256", "warnings", "audit", "coverage", "gating")).allMatch(s::has);
        assertThat(s.path("ledgerSeq").isNull()).isTrue();
    }
}
