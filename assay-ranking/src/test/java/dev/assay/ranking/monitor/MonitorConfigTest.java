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
