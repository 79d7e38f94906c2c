package dev.assay.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentTest {
    @TempDir
    Path dir;

    /** A reader of a small guard file, as a format built on the reader would be. */
    record Guard(String name, double threshold, int minSamples, Duration window) {
        Guard {
            if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, but was " + minSamples);
        }
    }

    static List<Guard> guards(Document doc) {
        Mapping root = doc.root();
        root.allowOnly("guards");
        List<Guard> out = new java.util.ArrayList<>();
        for (Mapping g : root.mappings("guards")) {
            g.allowOnly("name", "threshold", "minSamples", "window");
            String name = g.text("name");
            Double threshold = g.number("threshold");
            int min = g.integer("minSamples", 1);
            Duration window = g.duration("window", Duration.ofMinutes(1));
            if (name != null && threshold != null) out.add(g.construct(() -> new Guard(name, threshold, min, window)));
        }
        return doc.finish(() -> out);
    }

    private static InvalidDocumentException failure(String text) {
        return catchThrowableOfType(InvalidDocumentException.class, () -> guards(Document.parse(text, "guards.yaml")));
    }

    @Test
    void readsAValidDocument() {
        assertThat(guards(Document.parse("""
                guards:
                  - {name: a, threshold: 0.5}
                  - name: b
                    threshold: 1e-3
                    minSamples: 20
                    window: 2d
                """, "g"))).containsExactly(new Guard("a", 0.5, 1, Duration.ofMinutes(1)), new Guard("b", 0.001, 20, Duration.ofDays(2)));
    }

    @Test
    void unknownKey_namesTheNearestKnownKeyWithPathAndLine() {
        InvalidDocumentException e = failure("""
                guards:
                  - {name: a, threshold: 1}
                  - {name: b, threshold: 1}
                  - name: c
                    treshold: 3
                """);
        assertThat(e.messages()).containsExactly(
                "guards[2]: unknown key 'treshold'; did you mean 'threshold'? (line 5)",
                "guards[2].threshold: required (line 4)");
    }

    @Test
    void unknownKey_farFromEveryKnownKey_listsTheKnownKeys() {
        assertThat(failure("guards: []\ncolour: blue\n").messages())
                .containsExactly("unknown key 'colour'; expected one of guards (line 2)");
    }

    @Test
    void duplicateKeys_areEachRefusedWithTheLineOfBoth() {
        InvalidDocumentException e = failure("""
                guards:
                  - name: a
                    threshold: 1
                    name: b
                    threshold: 2
                guards: []
                """);
        assertThat(e.messages()).containsExactly(
                "guards[0]: duplicate key 'name' (first at line 2) (line 4)",
                "guards[0]: duplicate key 'threshold' (first at line 3) (line 5)",
                "duplicate key 'guards' (first at line 1) (line 6)");
    }

    @Test
    void textStartingWithABrace_isJson_orElseAYamlFlowMapping() {
        List<Guard> expected = List.of(new Guard("a", 1, 1, Duration.ofMinutes(1)));
        assertThat(guards(Document.parse("{\"guards\": [{\"name\": \"a\", \"threshold\": 1}]}", "g"))).isEqualTo(expected);
        assertThat(guards(Document.parse("{guards: [{name: a, threshold: 1}]}", "g"))).isEqualTo(expected);
        assertThat(failure("{guards: [{name: a, name: b, threshold: 1}]}").messages())
                .containsExactly("guards[0]: duplicate key 'name' (first at line 1) (line 1)");
    }

    @Test
    void duplicateKeys_areRefusedInJsonToo() {
        assertThat(failure("{\"guards\": [{\"name\": \"a\", \"threshold\": 1, \"name\": \"a\"}]}").messages())
                .containsExactly("guards[0]: duplicate key 'name' (first at line 1) (line 1)");
    }

    @Test
    void everyProblemIsListedAtOnce_eachWithPathAndLine() {
        InvalidDocumentException e = failure("""
                guards:
                  - name: a
                    threshold: .inf
                  - name: b
                    threshold: 2
                    minSamples: 2.5
                    window: soon
                  - name: c
                    threshold: 1
                    minSamples: 0
                  - just text
                extra: 1
                """);
        assertThat(e).isInstanceOf(InvalidInputException.class);
        assertThat(e.messages()).containsExactly(
                "unknown key 'extra'; expected one of guards (line 12)",
                "guards[3]: must be a mapping, but was 'just text' (line 11)",
                "guards[0].threshold: must be a finite number, but was '.inf' (line 3)",
                "guards[1].minSamples: must be a whole number, but was '2.5' (line 6)",
                "guards[1].window: must be a duration like " + Scalars.DURATION_FORMS + ", but was 'soon' (line 7)",
                "guards[2]: minSamples must be >= 1, but was 0 (line 8)");
        assertThat(e.getMessage()).startsWith("guards.yaml: 6 problems: unknown key 'extra'").doesNotContain("\n");
        assertThat(e.problems().get(2)).isEqualTo(new Problem("guards[0].threshold", 3, "must be a finite number, but was '.inf'"));
    }

    @Test
    void construct_movesARecordsComponentProblemsUnderTheMapping() {
        Document doc = Document.parse("a:\n  x: 1\n  y: 2\n", "d");
        Mapping a = doc.root().mapping("a");
        Object built = a.construct(() -> {
            throw new InvalidDocumentException("record", List.of(new Problem("y", 0, "must be odd, but was 2")));
        });
        assertThat(built).isNull();
        assertThat(doc.problems().list()).containsExactly(new Problem("a.y", 3, "must be odd, but was 2"));
    }

    @Test
    void syntaxError_isOneProblemWithItsLine() {
        InvalidDocumentException e = failure("guards:\n  - {name: a\n  - b\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML or JSON");
            assertThat(p.line()).isPositive();
        });
        assertThat(failure("{\"guards\": [}").messages()).singleElement().asString().startsWith("not valid YAML or JSON");
    }

    @Test
    void emptyDocument_isAnEmptyMapping_andANonMappingIsAProblem() {
        assertThat(Document.parse("# nothing\n", "d").isEmpty()).isTrue();
        assertThat(Document.parse("", "d").root().keys()).isEmpty();
        assertThat(failure("- 1\n- 2\n").messages()).contains("the document must be a mapping of keys, but was a list (line 1)");
        assertThat(failure("a: 1\n---\nb: 2\n").messages()).contains("holds more than one document (line 3)");
    }

    @Test
    void sizeLimit_refusesLongerText() {
        String text = "a: " + "x".repeat(Document.MAX_CHARS) + "\n";
        assertThatThrownBy(() -> Document.parse(text, "big.yaml"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("big.yaml: 1 problem: document is " + text.length() + " characters, more than the "
                        + Document.MAX_CHARS + " allowed");
        assertThat(Document.parse("a: " + "x".repeat(Document.MAX_CHARS - 10), "d").root().text("a")).hasSize(Document.MAX_CHARS - 10);
    }

    @Test
    void sizeLimit_refusesALargerFileBeforeReadingIt() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Document.MAX_FILE_BYTES + 1);
        }
        assertThatThrownBy(() -> Document.read(file, "contract file", "invalid contract"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("is " + (Document.MAX_FILE_BYTES + 1) + " bytes, more than the " + Document.MAX_FILE_BYTES + " allowed");
    }

    @Test
    void read_namesAMissingOrNonUtf8File() throws IOException {
        assertThatThrownBy(() -> Document.read(dir.resolve("absent.yaml"), "config file", "s"))
                .isInstanceOf(InvalidInputException.class).hasMessageEndingWith("absent.yaml does not exist");
        Path latin1 = Files.write(dir.resolve("l.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Document.read(latin1, "config file", "s"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not UTF-8");
    }

    @Test
    void nestingDeeperThanTheLimit_isRefused() {
        String deep = "[".repeat(TreeParser.MAX_DEPTH + 5) + "]".repeat(TreeParser.MAX_DEPTH + 5);
        assertThatThrownBy(() -> Document.parse("{\"a\": " + deep + "}", "d")).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void quotedNumbersAndYamlBooleans_followTheOneGrammar() {
        Mapping m = Document.parse("a: \"250\"\nb: 'x'\nc: True\n", "d").root();
        assertThat(m.number("a", 0)).isEqualTo(250.0);
        assertThat(Scalars.bool(m.raw("c"))).isTrue();
    }

    @Test
    void choice_matchesIgnoringCase_andSuggestsTheNearestConstant() {
        Document doc = Document.parse("a: warning\nb: WARNNG\nc: LOUD\n", "d");
        Mapping m = doc.root();
        assertThat(m.choice("a", Level.class, Level.INFO)).isEqualTo(Level.WARNING);
        assertThat(m.choice("b", Level.class)).isNull();
        assertThat(m.choice("c", Level.class, Level.INFO)).isEqualTo(Level.INFO);
        assertThat(doc.problems().list()).extracting(Problem::toString).containsExactly(
                "b: unknown value 'WARNNG'; did you mean 'WARNING'? (line 2)",
                "c: unknown value 'LOUD'; expected one of INFO, WARNING, ERROR (line 3)");
    }

    enum Level { INFO, WARNING, ERROR }
}
