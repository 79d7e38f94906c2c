package dev.assay.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The reader may only ever throw {@link InvalidDocumentException}, whatever the text and however it is read. */
class DocumentFuzzTest {
    private static final String YAML = """
            name: ranker
            window: 1h30m
            slices:
              hard: [301, 302, "303"]
            guards:
              - {name: q, type: quality, threshold: 0.5, minSamples: 20, window: PT30S}
              - name: l
                limitMs: 250
                nested: {a: [1, 2, {b: ~}]}
                flag: true
            """;
    private static final String JSON = """
            {"name": "ranker", "window": "60s", "guards": [{"name": "q", "threshold": 1e-3, "minSamples": 3},
             {"name": "l", "limitMs": 250, "nested": {"a": [1, null, {"b": "2d"}]}}], "flag": false}
            """;

    enum Kind { QUALITY, LATENCY }

    /** Reads every key of every mapping with every getter, as a careless caller could. */
    private static void readEverything(Mapping m, int depth) {
        m.allowOnly("name", "window", "guards", "slices");
        for (String key : m.keys()) {
            m.has(key);
            m.lineOf(key);
            m.raw(key);
            m.text(key, "x");
            m.number(key, 0);
            m.integer(key, 0);
            m.longInteger(key, 0);
            m.duration(key, Duration.ZERO);
            m.choice(key, Kind.class, Kind.QUALITY);
            m.size(key);
            m.texts(key);
            m.problemOnLineOf(key, "seen");
            if (depth < 8) {
                Mapping sub = m.mapping(key);
                if (sub != null) readEverything(sub, depth + 1);
                for (Mapping item : m.mappings(key)) readEverything(item, depth + 1);
            }
        }
        m.text("name");
        m.number("threshold");
        m.integer("minSamples");
        m.duration("window");
        m.choice("type", Kind.class);
    }

    private static void read(String text) {
        try {
            Document doc = Document.parse(text, "fuzz");
            readEverything(doc.root(), 0);
            doc.isEmpty();
            doc.finish(() -> "done");
        } catch (InvalidDocumentException expected) {
            assertThat(expected.problems()).isNotEmpty();
            assertThat(expected.getMessage()).startsWith("fuzz: ").doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<String> mutatedDocuments() {
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(12)
                .withChars("{}[]:-,\"'#&*!|>%@`? \n\t\\0123456789.eE+-~PTmsdh");
        return Combinators.combine(Arbitraries.of(YAML, JSON), Arbitraries.integers().between(0, 400),
                        Arbitraries.integers().between(0, 40), junk)
                .as((base, at, cut, insert) -> {
                    int i = Math.min(at, base.length());
                    return base.substring(0, i) + insert + base.substring(Math.min(base.length(), i + cut));
                });
    }

    @Property(tries = 1500)
    void mutatedDocuments_onlyEverThrowInvalidDocument(@ForAll("mutatedDocuments") String text) {
        read(text);
    }

    @Property(tries = 1000)
    void arbitraryText_onlyEverThrowsInvalidDocument(@ForAll String text) {
        read(text);
    }

    @Provide
    Arbitrary<String> yamlTokens() {
        return Arbitraries.of("a:", "b: ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "'", "\"", "#", "&x ", "*x", "!!binary ",
                "!!int ", "? ", ": ", "~", "1e400", ".nan", "<<: ", "---\n", "...\n", "|\n", ">-\n", "%YAML 1.2\n", "\t", "PT1S",
                "-1", "0x1F", "\\u0000").list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 1500)
    void yamlSyntaxSoup_onlyEverThrowsInvalidDocument(@ForAll("yamlTokens") String text) {
        read(text);
    }
}
