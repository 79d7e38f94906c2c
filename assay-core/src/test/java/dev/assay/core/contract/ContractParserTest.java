package dev.assay.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Severity;
import dev.assay.core.document.InvalidDocumentException;
import dev.assay.core.document.Scalars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractParserTest {
    @TempDir
    Path dir;

    static String resource(String name) throws IOException {
        try (InputStream in = ContractParserTest.class.getResourceAsStream("/contract/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The contract that ranker.yaml and ranker.json describe. */
    static Contract golden() {
        Check latency = Check.builder("latency-p99").metric("latency_ms").require(Statistic.P99, Op.LE, 250)
                .minSamples(20).warnWithinPercent(10)
                .trigger(Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL))
                .trigger(Trigger.failingFor(Duration.ofMinutes(10), Action.ALERT, Severity.ERROR)
                        .withGaps(GapPolicy.FAIL, GapPolicy.RESET))
                .build();
        Check accuracy = Check.builder("accuracy-lcb").metric("correct").slice("eu-west")
                .require(Statistic.MEAN_LCB, Op.GE, 0.9).confidence(0.99).build();
        Check errors = Check.builder("error-rate").metric("error").require(Statistic.RATE, Op.LT, 0.01)
                .trigger(Trigger.consecutive(1, Action.ALERT, Severity.WARNING)).build();
        return new Contract("ranker-v7", Duration.ofSeconds(60), List.of(latency, accuracy, errors));
    }

    @Test
    void parse_readsTheGoldenYaml() throws IOException {
        assertThat(Contracts.parse(resource("ranker.yaml"))).isEqualTo(golden());
    }

    @Test
    void parse_readsTheSameContractFromJson() throws IOException {
        assertThat(Contracts.parse(resource("ranker.json"))).isEqualTo(golden());
    }

    @Test
    void toYaml_roundTripsTheGoldenContract() {
        assertThat(Contracts.parse(Contracts.toYaml(golden()))).isEqualTo(golden());
    }

    @Test
    void load_readsAFileAndNamesAMissingOne() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, resource("ranker.yaml"));
        assertThat(Contracts.load(file)).isEqualTo(golden());
        assertThatThrownBy(() -> Contracts.load(dir.resolve("absent.yaml")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("absent.yaml");
    }

    @Test
    void parse_listsEveryProblemAtOnce() {
        String yaml = """
                name: ranker
                window: -60s
                colour: blue
                checks:
                  - name: a
                    metric: latency_ms
                    statistic: P42
                    comparator: "=<"
                    threshold: 250
                  - name: a
                    statistic: MEAN_UCB
                    comparator: GE
                    threshold: "high"
                    confidence: 2
                    minSamples: 0
                    treshold: 3
                    triggers:
                      - consecutive: 0
                        action: PAGE
                        severity: LOUD
                      - consecutive: 2
                        failingFor: 5m
                        action: ALERT
                        severity: ERROR
                        onNoData: IGNORE
                """;
        InvalidDocumentException e = catchThrowableOfType(InvalidDocumentException.class, () -> Contracts.parse(yaml));
        assertThat(e).isNotNull().isInstanceOf(InvalidInputException.class);
        assertThat(e.messages()).containsExactlyInAnyOrder(
                "window: must not be negative, but was '-60s' (line 2)",
                "unknown key 'colour'; expected one of checks, name, window (line 3)",
                "checks[0].statistic: unknown value 'P42'; expected one of COUNT, MEAN, MIN, MAX, P50, P90, P95, P99, RATE, MEAN_LCB, MEAN_UCB (line 7)",
                "checks[0].comparator: unknown value '=<'; did you mean '<='? (line 8)",
                "checks[1]: unknown key 'treshold'; did you mean 'threshold'? (line 16)",
                "checks[1].metric: required (line 10)",
                "checks[1].threshold: must be a finite number, but was 'high' (line 13)",
                "checks[1].triggers[0].consecutive: must be >= 1, but was 0 (line 18)",
                "checks[1].triggers[0].action: unknown value 'PAGE'; expected one of ALERT, ROLLBACK (line 19)",
                "checks[1].triggers[0].severity: unknown value 'LOUD'; expected one of INFO, WARNING, ERROR, CRITICAL, EMERGENCY (line 20)",
                "checks[1].triggers[1]: a trigger needs exactly one of consecutive (windows) or failingFor (duration) (line 21)",
                "checks[1].triggers[1].onNoData: unknown value 'IGNORE'; expected one of PAUSE, RESET, FAIL (line 25)",
                "checks[1]: minSamples must be >= 1, but was 0 (line 15)",
                "checks[1]: confidence must be in (0.5, 1), but was 2.0 (line 14)",
                "checks[1]: MEAN_UCB is an upper bound and needs comparator LT or LE, but was GE (line 12)",
                "check name \"a\" is used more than once (line 4)");
        assertThat(e.getMessage()).startsWith("invalid contract definition: 16 problems: ").doesNotContain("\n");
    }

    @Test
    void parse_rejectsAZeroWindowAndAnEmptyCheckList() {
        InvalidDocumentException e = catchThrowableOfType(InvalidDocumentException.class,
                () -> Contracts.parse("name: x\nwindow: 0s\nchecks: []\n"));
        assertThat(e.messages()).containsExactlyInAnyOrder(
                "window size must be a whole number of milliseconds in (0, 366 days], but was PT0S (line 2)",
                "a contract needs at least one check (line 3)");
    }

    @Test
    void parse_namesTheLineOfASyntaxError() {
        assertThatThrownBy(() -> Contracts.parse("name: x\nchecks: [\n  - a: b\n"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("not valid YAML or JSON")
                .hasMessageContaining("line");
    }

    @Test
    void parse_rejectsEmptyAndNonMappingDocuments() {
        assertThatThrownBy(() -> Contracts.parse("")).isInstanceOf(InvalidDocumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Contracts.parse("- 1\n- 2\n")).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> Contracts.parse("name: a\nname: b\n")).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("duplicate key 'name' (first at line 1) (line 2)");
    }

    @Test
    void durations_acceptUnitsAndIso() {
        assertThat(Scalars.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Scalars.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Scalars.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Scalars.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Scalars.duration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Scalars.duration("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Scalars.duration("60")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Scalars.duration("5 minutes")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Scalars.duration("P")).isInstanceOf(InvalidInputException.class);
    }

    @Provide
    Arbitrary<Contract> contracts() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<Trigger> triggers = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.integers().between(1, 9).map(n -> (Condition) new Condition.Consecutive(n)),
                        Arbitraries.longs().between(1, 100_000).map(s -> (Condition) new Condition.FailingFor(Duration.ofSeconds(s)))),
                Arbitraries.of(Action.class), Arbitraries.of(Severity.class), Arbitraries.of(GapPolicy.class),
                Arbitraries.of(GapPolicy.class)).as(Trigger::new);
        Arbitrary<Check> checks = Combinators.combine(names, names, Arbitraries.of(Statistic.class),
                        Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.integers().between(1, 1000),
                        Arbitraries.doubles().between(0.51, 0.999).ofScale(4), Arbitraries.doubles().between(0, 99),
                        triggers.list().ofMaxSize(3))
                .as((name, metric, stat, threshold, min, conf, warn, ts) -> new Check(name, metric, Check.ANY_SLICE, stat,
                        stat == Statistic.MEAN_UCB ? Op.LE : Op.GT, threshold, min, conf, warn, ts));
        return Combinators.combine(names, Arbitraries.longs().between(1, 86_400_000), checks.list().ofMinSize(1).ofMaxSize(4)
                        .uniqueElements(Check::name))
                .as((name, millis, cs) -> new Contract(name, Duration.ofMillis(millis), cs));
    }

    @Property(tries = 200)
    void toYaml_thenParse_givesTheSameContract(@ForAll("contracts") Contract contract) {
        assertThat(Contracts.parse(Contracts.toYaml(contract))).isEqualTo(contract);
    }

    @Provide
    Arbitrary<String> mutatedDocuments() {
        String base;
        try {
            base = resource("ranker.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(12)
                .withChars("{}[]:-,\"'#&*!|>%@` \n\t\\0123456789.eE+-~");
        return Combinators.combine(Arbitraries.integers().between(0, base.length()),
                        Arbitraries.integers().between(0, 40), junk)
                .as((at, cut, insert) -> base.substring(0, at) + insert + base.substring(Math.min(base.length(), at + cut)));
    }

    @Property(tries = 1000)
    void fuzz_mutatedDocumentsOnlyEverThrowInvalidContract(@ForAll("mutatedDocuments") String text) {
        try {
            Contract c = Contracts.parse(text);
            assertThat(c.checks()).isNotEmpty();
        } catch (InvalidDocumentException expected) {
            assertThat(expected.problems()).isNotEmpty();
        }
    }

    @Property(tries = 500)
    void fuzz_arbitraryTextOnlyEverThrowsInvalidContract(@ForAll String text) {
        try {
            Contracts.parse(text);
        } catch (InvalidDocumentException expected) {
            assertThat(expected.getMessage()).startsWith("invalid contract");
        }
    }
}
