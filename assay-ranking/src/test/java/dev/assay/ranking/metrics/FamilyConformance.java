package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link GainFamiliesTest} and {@link SetFamiliesTest} share: a family's lines of trec_eval's own fixtures
 * against Assay's, and a small graded input (made here) on which trec_eval v10.0's output was recorded.
 */
final class FamilyConformance {
    private FamilyConformance() {}

    /** Every family of trec_eval v10.0's measure table, to tell which family an output name belongs to. */
    static final List<String> TREC_EVAL_FAMILIES = List.of("runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map",
            "gm_map", "Rprec", "bpref", "recip_rank", "iprec_at_recall", "P", "relstring", "recall", "infAP", "gm_bpref",
            "Rprec_mult", "utility", "11pt_avg", "binG", "G", "dcg", "ideal_dcg", "ndcg", "ndcg_rel", "Rndcg", "ndcg_cut",
            "map_cut", "relative_P", "success", "set_P", "set_relative_P", "set_recall", "set_map", "set_F",
            "num_nonrel_judged_ret", "prefs_num_prefs_poss", "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret", "prefs_simp",
            "prefs_pair", "prefs_avgjg", "prefs_avgjg_Rnonrel", "prefs_simp_ret", "prefs_pair_ret", "prefs_avgjg_ret",
            "prefs_avgjg_Rnonrel_ret", "prefs_simp_imp", "prefs_pair_imp", "prefs_avgjg_imp", "map_avgjg", "P_avgjg",
            "Rprec_mult_avgjg", "yaap", "rbp", "rbp_resid", "unj");

    /** The family an output name ({@code ndcg_cut_10}, {@code rbp_p=0.8}) belongs to: the longest family name it starts with. */
    static String familyOf(String valueName) {
        String best = null;
        for (String f : TREC_EVAL_FAMILIES) {
            if ((valueName.equals(f) || valueName.startsWith(f + "_")) && (best == null || f.length() > best.length())) {
                best = f;
            }
        }
        return best;
    }

    /** The lines of trec_eval output {@code text} whose measure belongs to one of {@code families}, in order. */
    static List<String> linesOf(String text, Set<String> families) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0 && families.contains(familyOf(line.substring(0, tab).strip()))) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Asserts that Assay, run with trec_eval options {@code options} and {@code measures} on two files of the shared
     * trec_eval data, prints exactly the {@code fixture}'s lines of {@code families}; returns how many lines those are.
     */
    static int assertFixtureLines(String fixture, String options, List<String> measures, String files, Set<String> families)
            throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        List<String> expected = linesOf(Files.readString(dir.resolve(fixture), StandardCharsets.UTF_8), families);
        List<String> args = new ArrayList<>();
        if (!options.isEmpty()) {
            args.addAll(List.of(options.split(" ")));
        }
        for (String m : measures) {
            args.add("-m");
            args.add(m);
        }
        args.addAll(List.of(files.split(" ")));
        List<String> actual = linesOf(TrecEvalFixturesTest.run(dir, args.toArray(String[]::new)), families);
        assertThat(actual).as(fixture + " lines of " + families).containsExactlyElementsOf(expected);
        return expected.size();
    }

    /**
     * Graded judgments for five topics: A (levels 0-3, one judged -1), B (nothing relevant, one judged -1),
     * C (not in the run: the -c stand-in), D (binary), E (relevant documents not retrieved).
     */
    static final String QRELS = """
            A 0 a1 3
            A 0 a2 2
            A 0 a3 0
            A 0 a4 1
            A 0 a5 -1
            A 0 a6 2
            A 0 a7 0
            A 0 a8 1
            A 0 a9 3
            A 0 a10 0
            B 0 b1 0
            B 0 b2 0
            B 0 b3 -1
            C 0 c1 1
            C 0 c2 2
            C 0 c3 0
            D 0 d1 1
            D 0 d2 1
            D 0 d3 0
            D 0 d4 1
            E 0 e1 2
            E 0 e2 1
            E 0 e3 0
            E 0 e4 0
            """;

    /** A run over {@link #QRELS} with documents outside the pool (x*, y*, z*), a tie (a1, x2) and the -1 judged a5, b3. */
    static final String RUN = """
            A Q0 a3 1 9.0 R
            A Q0 x1 2 8.5 R
            A Q0 a2 3 8.0 R
            A Q0 a5 4 7.5 R
            A Q0 a1 5 7.0 R
            A Q0 x2 6 7.0 R
            A Q0 a8 7 6.0 R
            A Q0 a7 8 5.0 R
            A Q0 x3 9 4.0 R
            A Q0 a4 10 3.5 R
            A Q0 a10 11 3.0 R
            A Q0 x4 12 2.0 R
            B Q0 b1 1 3.0 R
            B Q0 x5 2 2.0 R
            B Q0 b3 3 1.0 R
            D Q0 d3 1 5.0 R
            D Q0 d1 2 4.0 R
            D Q0 y1 3 3.0 R
            D Q0 d2 4 2.0 R
            E Q0 e3 1 2.0 R
            E Q0 z1 2 1.0 R
            E Q0 e4 3 0.5 R
            """;

    /**
     * Writes the graded input into {@code dir}: {@code qrels} ({@link #QRELS}), {@code qrels.common} (without topic C,
     * as trec_eval v10 stops on a qrels topic the run lacks unless -c) and {@code run}.
     */
    static Path gradedInput(Path dir) throws IOException {
        Files.writeString(dir.resolve("qrels"), QRELS);
        Files.writeString(dir.resolve("qrels.common"), String.join("\n", QRELS.lines().filter(l -> !l.startsWith("C ")).toList()) + "\n");
        Files.writeString(dir.resolve("run"), RUN);
        return dir;
    }
}
