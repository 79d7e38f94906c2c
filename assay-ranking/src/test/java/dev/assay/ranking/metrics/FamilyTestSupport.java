package dev.assay.ranking.metrics;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the family tests share: trec_eval's quicktest fixtures cut down to the lines of some families,
 * Assay's report of the same families on the same inputs, and small inputs built in the test.
 */
final class FamilyTestSupport {
    private FamilyTestSupport() {}

    /**
     * Three small topics. A: relevant r1 (level 2), r2 and r3 (level 1), judged nonrelevant n1..n3, u1
     * in the pool but unjudged (-1). B: two documents judged 0, nothing relevant. C: c1 at level 12, four
     * at level 1, one at 0.
     */
    static final String QRELS = """
            A 0 r1 2
            A 0 r2 1
            A 0 r3 1
            A 0 n1 0
            A 0 n2 0
            A 0 n3 0
            A 0 u1 -1
            B 0 b1 0
            B 0 b2 0
            C 0 c1 12
            C 0 c2 1
            C 0 c3 1
            C 0 c4 1
            C 0 c5 1
            C 0 c6 0
            """;

    /** {@link #QRELS} and a topic D the run lacks (for -c). */
    static final String QRELS_WITH_D = QRELS + "D 0 d1 1\n";

    /** A: n1 r1 x u1 n2 r2 (x outside the pool). B: b1 y. C: c6 c1 z c2 c3. */
    static final String RUN = """
            A Q0 n1 1 10 run1
            A Q0 r1 2 9 run1
            A Q0 x 3 8 run1
            A Q0 u1 4 7 run1
            A Q0 n2 5 6 run1
            A Q0 r2 6 5 run1
            B Q0 b1 1 2 run1
            B Q0 y 2 1 run1
            C Q0 c6 1 5 run1
            C Q0 c1 2 4 run1
            C Q0 z 3 3 run1
            C Q0 c2 4 2 run1
            C Q0 c3 5 1 run1
            """;

    /** The quicktest fixtures with their inputs and options (the Makefile's flags). */
    static Stream<Arguments> fixtures() {
        EvalOptions plain = EvalOptions.defaults();
        EvalOptions complete = new EvalOptions(1, TopicScope.ALL_QRELS);
        return Stream.of(
                Arguments.of("out.test", "qrels.test", "results.test", plain, false),
                Arguments.of("out.test.a", "qrels.test", "results.test", plain, false),
                Arguments.of("out.test.aq", "qrels.test", "results.test", plain, true),
                Arguments.of("out.test.aqc", "qrels.test", "results.trunc", complete, true),
                Arguments.of("out.test.aqcM", "qrels.test", "results.trunc",
                        new EvalOptions(1, TopicScope.ALL_QRELS, false, 100, 0), true),
                Arguments.of("out.test.aql", "qrels.rel_level", "results.test", new EvalOptions(2, TopicScope.COMMON), true),
                Arguments.of("out.test.meas_params", "qrels.test", "results.test", plain, true));
    }

    /** The family of a trec_eval output name ({@code Rprec_mult_0.20} is Rprec_mult's, not Rprec's), or null. */
    static String familyOf(String outputName) {
        String best = null;
        for (String f : Families.names()) {
            if ((outputName.equals(f) || outputName.startsWith(f + "_")) && (best == null || f.length() > best.length())) {
                best = f;
            }
        }
        return best;
    }

    /** The output name back to its {@code -m} spelling: {@code relstring_20} is {@code relstring.20}. */
    static String spec(String outputName) {
        String f = familyOf(outputName);
        return outputName.equals(f) ? f : f + "." + outputName.substring(f.length() + 1);
    }

    /** The fixture's lines of the given families, as they are. */
    static List<String> fixtureLines(String fixture, Set<String> families) throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(fixture), StandardCharsets.UTF_8)) {
            String family = familyOf(line.substring(0, line.indexOf('\t')).strip());
            if (family != null && families.contains(family)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Assay's report lines (runid left out) for the measures the fixture lines name, on the fixture's inputs. */
    static List<String> assayLines(List<String> fixtureLines, String qrelsFile, String runFile, EvalOptions options, boolean perTopic) {
        Path dir = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        Set<String> specs = new LinkedHashSet<>();
        for (String line : fixtureLines) {
            specs.add(spec(line.substring(0, line.indexOf('\t')).strip()));
        }
        RunScores e = TrecEval.evaluate(Qrels.read(dir.resolve(qrelsFile)), Run.read(dir.resolve(runFile)),
                Measures.parseAll(List.copyOf(specs)), options);
        return withoutRunid(e.trecEvalText(perTopic));
    }

    static Qrels qrels(String text) {
        return Qrels.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "qrels");
    }

    static Run run(String text) {
        return Run.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "run");
    }

    static RunScores evaluate(String qrels, String run, EvalOptions options, String... specs) {
        return TrecEval.evaluate(qrels(qrels), run(run), Measures.parseAll(List.of(specs)), options);
    }

    /**
     * The {@code -q} report of {@code specs} on small inputs, one {@code name topic value} line each
     * (trec_eval's padding squeezed to one space, the runid line left out), to compare with trec_eval's.
     */
    static String report(String qrels, String run, EvalOptions options, String... specs) {
        List<String> out = new ArrayList<>();
        for (String line : withoutRunid(evaluate(qrels, run, options, specs).trecEvalText(true))) {
            String[] f = line.split("\t");
            out.add(f[0].strip() + " " + f[1] + " " + f[2]);
        }
        return String.join("\n", out) + "\n";
    }

    private static List<String> withoutRunid(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("runid ")).toList();
    }
}
