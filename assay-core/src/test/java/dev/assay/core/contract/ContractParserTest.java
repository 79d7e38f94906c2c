package dev.assay.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Severity;
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
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class, () -> Contracts.parse(yaml));
        assertThat(e).isNotNull().isInstanceOf(InvalidInputException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "window must be a duration like 60s, 5m, 1h30m or PT1M, but was \"-60s\"",
                "unknown field \"colour\" (expected one of checks, name, window)",
                "checks[0]: statistic has unknown value \"P42\" (expected one of COUNT, MEAN, MIN, MAX, P50, P90, P95, P99, RATE, MEAN_LCB, MEAN_UCB)",
                "checks[0]: comparator has unknown value \"=<\" (expected one of LT, LE, GT, GE, <, <=, >, >=)",
                "checks[1]: unknown field \"treshold\" (expected one of comparator, confidence, metric, minSamples, name, slice, statistic, threshold, triggers, warnWithinPercent)",
                "checks[1]: metric is required",
                "checks[1]: threshold must be a number, but was \"high\"",
                "checks[1].triggers[0]: consecutive must be >= 1, but was 0",
                "checks[1].triggers[0]: action has unknown value \"PAGE\" (expected one of ALERT, ROLLBACK)",
                "checks[1].triggers[0]: severity has unknown value \"LOUD\" (expected one of INFO, WARNING, ERROR, CRITICAL, EMERGENCY)",
                "checks[1].triggers[1]: a trigger needs exactly one of consecutive (windows) or failingFor (duration)",
                "checks[1].triggers[1]: onNoData has unknown value \"IGNORE\" (expected one of PAUSE, RESET, FAIL)",
                "checks[1]: minSamples must be >= 1, but was 0",
                "checks[1]: confidence must be in (0.5, 1), but was 2.0",
                "checks[1]: MEAN_UCB is an upper bound and needs comparator LT or LE, but was GE",
                "check name \"a\" is used more than once");
        assertThat(e.getMessage()).startsWith("invalid contract definition: 16 problems: ").doesNotContain("\n");
    }

    @Test
    void parse_rejectsAZeroWindowAndAnEmptyCheckList() {
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> Contracts.parse("name: x\nwindow: 0s\nchecks: []\n"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "window size must be a whole number of milliseconds in (0, 366 days], but was PT0S",
                "a contract needs at least one check");
    }

    @Test
    void parse_namesTheLineOfASyntaxError() {
        assertThatThrownBy(() -> Contracts.parse("name: x\nchecks: [\n  - a: b\n"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("not valid YAML or JSON")
                .hasMessageContaining("line");
    }

    @Test
    void parse_rejectsEmptyAndNonMappingDocuments() {
        assertThatThrownBy(() -> Contracts.parse("")).isInstanceOf(InvalidContractException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Contracts.parse("- 1\n- 2\n")).isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> Contracts.parse("name: a\nname: b\n")).isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void durations_acceptUnitsAndIso() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("60")).isNull();
        assertThat(Durations.parse("5 minutes")).isNull();
        assertThat(Durations.parse("P")).isNull();
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
        } catch (InvalidContractException expected) {
            assertThat(expected.problems()).isNotEmpty();
        }
    }

    @Property(tries = 500)
    void fuzz_arbitraryTextOnlyEverThrowsInvalidContract(@ForAll String text) {
        try {
            Contracts.parse(text);
        } catch (InvalidContractException expected) {
            assertThat(expected.getMessage()).startsWith("invalid contract");
        }
    }
}
