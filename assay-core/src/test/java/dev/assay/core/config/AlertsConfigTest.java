package dev.assay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.Backoff;
import dev.assay.core.alert.ChannelPolicy;
import dev.assay.core.alert.RateLimit;
import dev.assay.core.alert.Severity;
import dev.assay.core.document.InvalidDocumentException;
import dev.assay.core.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {
    @TempDir
    Path dir;

    private AssayConfig load(String yaml) throws IOException {
        return AssayConfig.load(Files.writeString(dir.resolve("assay.yaml"), yaml), Map.of(), Map.of());
    }

    @Test
    void withoutChannels_alertsGoToTheLogOnly() {
        AlertsConfig a = AssayConfig.defaults().alerts();
        assertThat(a.dedupWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.channels()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("log");
            assertThat(c.target()).isInstanceOf(ChannelConfig.Target.Log.class);
            assertThat(c.policy()).isEqualTo(ChannelPolicy.defaults());
        });
    }

    @Test
    void readsEveryChannelTypeWithItsPolicy() throws IOException {
        AlertsConfig a = load("""
                alerts:
                  dedupWindow: 10m
                  channels:
                    - name: ops
                      type: webhook
                      url: https://hooks.example.com/assay/secret
                      timeout: 3s
                      minSeverity: warning
                      rateLimit: {permits: 10, period: 1m}
                      backoff: {maxAttempts: 3, initialDelay: 1s}
                      queueCapacity: 50
                    - name: chat
                      type: SLACK
                      url: http://127.0.0.1:9000/slack
                    - name: oncall
                      type: pagerduty
                      routingKey: R0UTING
                      minSeverity: CRITICAL
                    - name: audit
                      type: log
                """).alerts();
        assertThat(a.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
        Backoff d = Backoff.defaults();
        assertThat(a.channels()).containsExactly(
                new ChannelConfig("ops", new ChannelConfig.Target.Webhook(URI.create("https://hooks.example.com/assay/secret"),
                        Duration.ofSeconds(3)), new ChannelPolicy(Severity.WARNING, RateLimit.of(10, Duration.ofMinutes(1)),
                        new Backoff(3, Duration.ofSeconds(1), d.multiplier(), d.maxDelay(), d.jitter()), 50)),
                new ChannelConfig("chat", new ChannelConfig.Target.Slack(URI.create("http://127.0.0.1:9000/slack"),
                        ChannelConfig.DEFAULT_TIMEOUT), ChannelPolicy.defaults()),
                new ChannelConfig("oncall", new ChannelConfig.Target.PagerDuty("R0UTING", AlertChannel.PAGERDUTY_EVENTS_V2,
                        ChannelConfig.DEFAULT_TIMEOUT), ChannelPolicy.defaults().withMinSeverity(Severity.CRITICAL)),
                new ChannelConfig("audit", new ChannelConfig.Target.Log(), ChannelPolicy.defaults()));
    }

    @Test
    void anEmptyChannelListMeansNoChannels() throws IOException {
        assertThat(load("alerts:\n  channels: []\n").alerts().channels()).isEmpty();
    }

    @Test
    void listsEveryChannelProblemAtOnceWithPathAndLine() throws IOException {
        assertThatThrownBy(() -> load("""
                alerts:
                  dedupWindow: -PT1M
                  channels:
                    - name: ops
                      type: webhok
                      url: https://x.example.com/a
                      timeout: PT-1S
                    - name: hook
                      type: webhook
                      minSeverity: critcal
                    - name: ftp
                      type: slack
                      url: ftp://files.example.com/secret-path
                    - name: bad
                      type: webhook
                      url: "http://exa mple.com/secret-path"
                    - name: pd
                      type: pagerduty
                      rateLimit: {permits: 0, period: 1m}
                    - name: hook
                      type: log
                      routingKey: x
                      colour: red
                    - name: Ops!
                      type: log
                """))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(e -> assertThat(((InvalidDocumentException) e).messages()).containsExactlyInAnyOrder(
                        "alerts.channels[0].type: unknown value 'webhok'; did you mean 'WEBHOOK'? (line 5)",
                        "alerts.channels[0].timeout: must be positive, but was PT-1S (line 7)",
                        "alerts.channels[1].minSeverity: unknown value 'critcal'; did you mean 'CRITICAL'? (line 10)",
                        "alerts.channels[1].url: required (line 8)",
                        "alerts.channels[2].url: must be an absolute http or https URL, but its scheme was 'ftp' (line 13)",
                        "alerts.channels[3].url: must be an absolute http or https URL, but is not a valid URL "
                                + "(Illegal character in authority at index 10) (line 16)",
                        "alerts.channels[4].rateLimit: permits must be >= 1, but was 0 (line 19)",
                        "alerts.channels[4].routingKey: required (line 17)",
                        "alerts.channels[5]: unknown key 'colour'; expected one of backoff, minSeverity, name, queueCapacity, "
                                + "rateLimit, routingKey, timeout, type, url (line 23)",
                        "alerts.channels[5].routingKey: only a pagerduty channel takes a routing key, but type is log (line 22)",
                        "alerts.channels[6]: channel name must be 1..64 of a-z 0-9 . _ - starting with a letter or digit, "
                                + "but was \"Ops!\" (line 24)",
                        "alerts.dedupWindow: must not be negative, but was PT-1M (line 2)"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-path"));
    }

    @Test
    void aChannelNameUsedTwiceIsAProblemAtTheSecond() throws IOException {
        assertThatThrownBy(() -> load("""
                alerts:
                  channels:
                    - {name: ops, type: log}
                    - {name: ops, type: log}
                """))
                .hasMessage("invalid configuration: 1 problem: alerts.channels[1].name: channel name 'ops' is used twice "
                        + "(first at line 3) (line 4)");
    }

    @Test
    void toStringNamesNoSecret() throws IOException {
        String text = load("""
                alerts:
                  channels:
                    - {name: a, type: webhook, url: "https://hooks.example.com/T000/B000/XXXX"}
                    - {name: b, type: pagerduty, routingKey: SECRETKEY}
                """).alerts().toString();
        assertThat(text).contains("https://hooks.example.com").doesNotContain("XXXX").doesNotContain("SECRETKEY");
    }

    @Test
    void open_routesEachAlertToTheChannelsAtOrBelowItsSeverity_andDeduplicatesInTheWindow() throws IOException {
        AlertsConfig a = load("""
                alerts:
                  dedupWindow: 1m
                  channels:
                    - {name: everything, type: log}
                    - {name: pager, type: log, minSeverity: CRITICAL}
                """).alerts();
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
        AlertManager m = a.open(new SimpleMeterRegistry(), clock);
        try {
            for (Severity s : List.of(Severity.WARNING, Severity.CRITICAL, Severity.CRITICAL)) {
                m.fire(Alert.of("id-" + s, clock.instant(), s, "test", "title " + s, "detail"));
            }
        } finally {
            assertThat(m.close(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(m.stats("everything").delivered()).isEqualTo(2);
        assertThat(m.stats("pager").delivered()).isEqualTo(1);
        assertThat(m.stats().deduplicated()).isEqualTo(1);
    }
}
