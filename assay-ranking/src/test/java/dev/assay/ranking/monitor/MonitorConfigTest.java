package dev.assay.ranking.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.GapPolicy;
import dev.assay.core.stats.Binning;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {
    @Test
    void defaults_areTheDesignLimits() {
        MonitorConfig d = MonitorConfig.defaults();
        assertThat(d.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.qualityStreak()).isEqualTo(3);
        assertThat(d.latencyFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.jaccardMin()).isEqualTo(0.75);
        assertThat(d.maxEce()).isEqualTo(0.02);
    }

    @Test
    void yaml_overridesDefaults() {
        MonitorConfig c = MonitorConfig.parse("""
                window: 30s
                alpha: 0.01
                latencyP95LimitMs: 180
                latencyFor: PT10M
                jaccardEscalation: emergency
                jaccardEscalationAction: ROLLBACK
                calibrationBinning: EQUAL_MASS
                onNoData: RESET
                """);
        assertThat(c.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.alpha()).isEqualTo(0.01);
        assertThat(c.latencyP95LimitMs()).isEqualTo(180);
        assertThat(c.latencyFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.jaccardEscalation()).isEqualTo(Severity.EMERGENCY);
        assertThat(c.jaccardEscalationAction()).isEqualTo(Action.ROLLBACK);
        assertThat(c.calibrationBinning()).isEqualTo(Binning.EQUAL_MASS);
        assertThat(c.onNoData()).isEqualTo(GapPolicy.RESET);
        assertThat(c.qualityStreak()).isEqualTo(3);
    }

    @Test
    void yaml_listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> MonitorConfig.parse("""
                window: soon
                alpha: 0.9
                minQueries: 1
                colour: blue
                onNoData: IGNORE
                """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("window: must be a duration like 250ms, 30s, 5m, 2h, 2d, 1h30m or ISO-8601 PT30S, but was 'soon' (line 1)")
                .hasMessageContaining("onNoData: unknown value 'IGNORE'; expected one of PAUSE, RESET, FAIL (line 5)")
                .hasMessageContaining("alpha: must be in (0, 0.5), but was 0.9 (line 2)")
                .hasMessageContaining("minQueries: must be >= 2, but was 1 (line 3)")
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void realisticFile_overridesOnlyWhatItNames() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(MonitorConfigTest.class.getResource("/monitor/monitor.yaml").toURI());
        assertThat(MonitorConfig.load(file)).isEqualTo(MonitorConfig.builder()
                .window(Duration.ofSeconds(30)).alpha(0.01).seed(7).resamples(1000).qualityMargin(0.01).qualityStreak(4)
                .latencyP95LimitMs(180).latencyFor(Duration.ofDays(1)).latencyWarnPercent(15).jaccardMin(0.8)
                .jaccardEscalation(Severity.EMERGENCY).jaccardEscalationAction(Action.ROLLBACK)
                .calibrationBinning(Binning.EQUAL_MASS).onNoData(GapPolicy.RESET).onInconclusive(GapPolicy.FAIL).build());
    }

    @Test
    void defaults_areTheNamedConstants() {
        MonitorConfig d = MonitorConfig.defaults();
        assertThat(d).isEqualTo(MonitorConfig.parse(""));
        assertThat(d.window()).isEqualTo(MonitorConfig.DEFAULT_WINDOW);
        assertThat(d.latencyP95LimitMs()).isEqualTo(MonitorConfig.DEFAULT_LATENCY_P95_LIMIT_MS).isEqualTo(250);
        assertThat(d.sequentialTauSquared()).isEqualTo(MonitorConfig.DEFAULT_SEQUENTIAL_TAU_SQUARED);
        assertThat(d.calibrationBinning()).isEqualTo(MonitorConfig.DEFAULT_CALIBRATION_BINNING);
    }

    @Test
    void yaml_refusesDuplicateKeysAndSuggestsTheNearestKey() {
        assertThatThrownBy(() -> MonitorConfig.parse("alpha: 0.01\nalpha: 0.02\nlatencyP95LimitMS: 100\nqualityStreak: 2.5\n"))
                .isInstanceOf(dev.assay.core.document.InvalidDocumentException.class)
                .hasMessage("invalid monitor configuration: 3 problems: duplicate key 'alpha' (first at line 1) (line 2); "
                        + "unknown key 'latencyP95LimitMS'; did you mean 'latencyP95LimitMs'? (line 3); "
                        + "qualityStreak: must be a whole number, but was '2.5' (line 4)");
    }

    @Test
    void builder_reportsEveryInvalidComponent() {
        assertThatThrownBy(() -> MonitorConfig.builder().alpha(0.7).calibrationBins(0).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid monitor configuration: 2 problems: alpha: must be in (0, 0.5), but was 0.7; "
                        + "calibrationBins: must be in [1, 1000], but was 0");
    }

    /** Writes every component as YAML: durations in ISO-8601 or milliseconds, numbers as Java prints them, enums by name. */
    static String toYaml(MonitorConfig c, boolean isoDurations) throws ReflectiveOperationException {
        StringBuilder b = new StringBuilder();
        for (java.lang.reflect.RecordComponent rc : MonitorConfig.class.getRecordComponents()) {
            Object v = rc.getAccessor().invoke(c);
            String text = v instanceof Duration d ? (isoDurations ? d.toString() : d.toMillis() + "ms") : String.valueOf(v);
            b.append(rc.getName()).append(": ").append(text).append('\n');
        }
        return b.toString();
    }

    @net.jqwik.api.Property(tries = 200)
    void everyComponent_roundTripsThroughYaml(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 86_400_000) long windowMs,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = 0.001, max = 0.49) @net.jqwik.api.constraints.Scale(12) double alpha,
            @net.jqwik.api.ForAll long seed,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 100, max = 100_000) int resamples,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = 1e-9, max = 1) @net.jqwik.api.constraints.Scale(12) double tau2,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 1_000_000) long latencyForSeconds,
            @net.jqwik.api.ForAll Severity escalation, @net.jqwik.api.ForAll GapPolicy onNoData,
            @net.jqwik.api.ForAll boolean isoDurations) throws ReflectiveOperationException {
        MonitorConfig c = MonitorConfig.builder().window(Duration.ofMillis(windowMs)).alpha(alpha).seed(seed).resamples(resamples)
                .sequentialTauSquared(tau2).latencyFor(Duration.ofSeconds(latencyForSeconds)).jaccardEscalation(escalation)
                .onNoData(onNoData).build();
        assertThat(MonitorConfig.parse(toYaml(c, isoDurations))).isEqualTo(c);
    }

    @Test
    void jsonLines_nameTheBadLine() {
        String text = """
                {"time":"2026-03-02T10:00:00Z","gain":0.01,"latencyMs":120,"jaccard10":0.8,"confidence":0.7,"correct":true}

                {"time":"2026-03-02T10:00:01Z","gain":"high"}
                """;
        assertThatThrownBy(() -> QueryObservations.readJsonLines(new BufferedReader(new StringReader(text)), "obs.jsonl"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("obs.jsonl:3: gain must be a number");
        assertThatThrownBy(() -> QueryObservations.readJsonLines(new BufferedReader(new StringReader("{\"gain\":0.1}\n")), "f"))
                .hasMessage("f:1: field time is required");
        assertThatThrownBy(() -> QueryObservations.readJsonLines(new BufferedReader(new StringReader("{nope\n")), "f"))
                .hasMessageStartingWith("f:1: not valid JSON");
    }

    @Test
    void jsonArray_defaultsTimeToTheClockAndRejectsOutOfRangeValues() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
        assertThat(QueryObservations.parseArray("[{\"gain\":0.1}]", clock)).singleElement()
                .satisfies(o -> assertThat(o.time()).isEqualTo(clock.instant()));
        assertThatThrownBy(() -> QueryObservations.parseArray("[{\"gain\":0.1},{\"jaccard10\":1.5}]", clock))
                .hasMessage("observation [1]: jaccard10 must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> QueryObservations.parseArray("{}", clock)).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> QueryObservations.parseArray("[{}]", clock)).hasMessageContaining("at least one of");
    }
}
