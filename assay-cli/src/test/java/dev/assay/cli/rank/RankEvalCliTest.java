package dev.assay.cli.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.cli.CliRun;
import dev.assay.core.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankEvalCliTest {
    @TempDir
    Path dir;

    static CliRun assay(String... args) {
        return CliRun.run(Map.of(), args);
    }

    private static final Set<String> FAMILIES = Set.of("map", "recip_rank", "ndcg");

    /** The fixture's lines for the families asked (trec_eval prints no runid line unless runid is asked): per-topic lines, then the means. */
    static String expectedFrom(Path fixture) throws IOException {
        List<String> perTopic = new ArrayList<>();
        List<String> means = new ArrayList<>();
        for (String line : Files.readAllLines(fixture)) {
            String name = line.substring(0, line.indexOf('\t')).strip();
            boolean supported = FAMILIES.contains(name) || name.matches("(P|recall|ndcg_cut)_\\d+") || name.matches("ndcg_.*=.*");
            if (supported) {
                (line.contains("\tall\t") ? means : perTopic).add(line);
            }
        }
        return String.join("\n", perTopic) + (perTopic.isEmpty() ? "" : "\n") + String.join("\n", means) + "\n";
    }

    @Test
    void shouldPrintTrecEvalLinesByteForByteWithPerTopicValues() throws IOException {
        Path d = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        CliRun r = assay("rank", "eval", "-q", "-m", "map", "-m", "recip_rank", "-m", "P", "-m", "recall", "-m", "ndcg", "-m", "ndcg_cut",
                d.resolve("qrels.test").toString(), d.resolve("results.test").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(expectedFrom(d.resolve("out.test.aq")));
    }

    @Test
    void shouldMatchTrecEvalWithCompleteAveragingAndRelevanceLevel() throws IOException {
        Path d = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        String[] measures = {"-m", "map", "-m", "recip_rank", "-m", "P", "-m", "recall", "-m", "ndcg", "-m", "ndcg_cut"};
        List<String> c = new ArrayList<>(List.of("rank", "eval", "-q", "-c"));
        c.addAll(List.of(measures));
        c.addAll(List.of(d.resolve("qrels.test").toString(), d.resolve("results.trunc").toString()));
        assertThat(assay(c.toArray(String[]::new)).out()).isEqualTo(expectedFrom(d.resolve("out.test.aqc")));
        List<String> l = new ArrayList<>(List.of("rank", "eval", "-q", "-l", "2"));
        l.addAll(List.of(measures));
        l.addAll(List.of(d.resolve("qrels.rel_level").toString(), d.resolve("results.test").toString()));
        assertThat(assay(l.toArray(String[]::new)).out()).isEqualTo(expectedFrom(d.resolve("out.test.aql")));
    }

    @Test
    void shouldMatchTrecEvalMeasureParameterSyntax() throws IOException {
        Path d = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        CliRun r = assay("rank", "eval", "-q", "-m", "P.3,7,5", "-m", "recall.20,2000", "-m", "ndcg.1=3,2=9,4=4.5",
                "-m", "ndcg_cut.20,23,10", d.resolve("qrels.test").toString(), d.resolve("results.test").toString());
        assertThat(r.out()).isEqualTo(expectedFrom(d.resolve("out.test.meas_params")));
    }

    @Test
    void shouldPrintOneBlockPerRunInArgumentOrderReadingGzip() throws IOException {
        Path qrels = Files.writeString(dir.resolve("qrels"), "q 0 a 0\nq 0 b 1\nq 0 c 0\n");
        Path tieWon = Files.writeString(dir.resolve("r1"), "q Q0 b 1 1.0 won\nq Q0 a 2 1.0 won\n");
        Path tieLost = dir.resolve("r2.txt");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write("q Q0 b 1 1.0 lost\nq Q0 c 2 1.0 lost\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(tieLost, gz.toByteArray());
        CliRun r = assay("rank", "eval", "-m", "ndcg", "-m", "ndcg_cut.10", qrels.toString(), tieWon.toString(), tieLost.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().split("\n")).containsExactly(
                "runid                 \tall\twon",
                "ndcg                  \tall\t1.0000",
                "ndcg_cut_10           \tall\t1.0000",
                "runid                 \tall\tlost",
                "ndcg                  \tall\t0.6309",
                "ndcg_cut_10           \tall\t0.6309");
    }

    @Test
    void shouldExitTwoWithOneLineNamingFileAndLineForMalformedRun() throws IOException {
        Path qrels = Files.writeString(dir.resolve("qrels"), "q 0 a 1\n");
        Path bad = Files.writeString(dir.resolve("bad.run"), "q Q0 a 1 1.0 r\nq Q0 b 2 NaN r\n");
        CliRun r = assay("rank", "eval", "-m", "map", qrels.toString(), bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().asString()
                .contains("bad.run:2").contains("score is not a finite number: NaN");
    }

    @Test
    void shouldReportNoDataWhenARunSharesNoTopicWithTheQrels() throws IOException {
        Path qrels = Files.writeString(dir.resolve("qrels"), "q1 0 a 1\n");
        Path other = Files.writeString(dir.resolve("other.run"), "q2 Q0 a 1 1.0 r\n");
        CliRun r = assay("rank", "eval", "-c", "-m", "map", qrels.toString(), other.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().asString().contains("NO_DATA").contains("other.run");
    }

    @Test
    void shouldRejectUnknownMeasuresAndBadOptions() throws IOException {
        Path qrels = Files.writeString(dir.resolve("qrels"), "q1 0 a 1\n");
        Path run = Files.writeString(dir.resolve("r"), "q1 Q0 a 1 1.0 r\n");
        CliRun unknown = assay("rank", "eval", "-m", "bleu", qrels.toString(), run.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().asString().contains("unknown measure 'bleu'").contains("all_trec");
        CliRun badCutoff = assay("rank", "eval", "-m", "P.0", qrels.toString(), run.toString());
        assertThat(badCutoff.exitCode()).isEqualTo(2);
        assertThat(badCutoff.err().lines().toList()).singleElement().asString().contains("P.0").contains("positive");
        CliRun badMax = assay("rank", "eval", "-M", "0", qrels.toString(), run.toString());
        assertThat(badMax.exitCode()).isEqualTo(2);
        assertThat(badMax.err().lines().toList()).singleElement().asString().contains("-M");
    }

    @Test
    void withoutMeasuresPrintsTrecEvalsOfficialSetAndAllTrecByteForByte() {
        Path d = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        CliRun official = assay("rank", "eval", d.resolve("qrels.test").toString(), d.resolve("results.test").toString());
        assertThat(official.err()).isEmpty();
        assertThat(official.out()).isEqualTo(read(d.resolve("out.test")));
        CliRun all = assay("rank", "eval", "-m", "all_trec", "-q", "-c", "-M100", d.resolve("qrels.test").toString(),
                d.resolve("results.trunc").toString());
        assertThat(all.err()).isEmpty();
        assertThat(all.out()).isEqualTo(read(d.resolve("out.test.aqcM")));
    }

    @Test
    void relevanceFormatsAndZScoresPrintWhatTrecEvalPrints() {
        Path d = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        CliRun prefs = assay("rank", "eval", "-m", "all_prefs", "-q", "-R", "qrels_prefs", d.resolve("qrels.test").toString(),
                d.resolve("results.test").toString());
        assertThat(prefs.err()).isEmpty();
        assertThat(prefs.out()).isEqualTo(read(d.resolve("out.test.qrels_prefs")));
        CliRun z = assay("rank", "eval", "-q", "-m", "all_trec", "-Z", d.resolve("zscores_file").toString(), d.resolve("qrels.test").toString(),
                d.resolve("results.test").toString());
        assertThat(z.err()).isEmpty();
        assertThat(z.out()).isEqualTo(read(d.resolve("out.test.aqZ")));
        CliRun badFormat = assay("rank", "eval", "-R", "xml", d.resolve("qrels.test").toString(), d.resolve("results.test").toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err().lines().toList()).singleElement().asString().contains("xml").contains("qrels_jg");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
