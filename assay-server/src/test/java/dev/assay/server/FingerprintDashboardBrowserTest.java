package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.time.ManualClock;
import dev.assay.server.fingerprint.FingerprintModule;
import dev.assay.server.ledger.LedgerModule;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The fingerprints page in headless Chromium against a real server whose ledger holds a build, two verifications,
 * two identifications and two drift checks: the tables' contents, verdict colours, model ids that are markup shown
 * as text, the drift chart drawn, and a result recorded while the page is open arriving over the event stream.
 */
class FingerprintDashboardBrowserTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1)));
    TestServer t;
    Ledger ledger;
    Browser browser;
    String base;

    @BeforeEach
    void start() {
        browser = Browser.open();
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            return List.of(new LedgerModule(ledger, clock), new FingerprintModule(ledger, telemetry.registry()));
        });
        FingerprintEntries.append(ledger, clock);
        base = t.server.uri().toString();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (t != null) t.close();
        if (ledger != null) ledger.close();
    }

    List<String> cells(String rowCss) {
        return browser.driver.findElement(By.cssSelector(rowCss)).findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void aViewerSeesSignaturesVerdictsAndDrift_withMarkupShownAsText() {
        browser.login(base, t.viewer);
        browser.await("#nav");
        browser.driver.get(base + "/#/fingerprints");
        browser.await("#fp-builds-table");
        assertThat(browser.all("#nav a")).extracting(WebElement::getText).contains("Fingerprints");

        assertThat(cells("#fp-builds-table tr[data-seq='1']")).containsExactly("1", time(1), FingerprintEntries.MARKUP_MODEL,
                "120", "12", "1,024", "9f86d081884c…");
        assertThat(browser.all("#fp-builds-table script, #fp-verify-table img")).isEmpty();

        assertThat(cells("#fp-verify-table tr[data-seq='2']")).containsExactly("2", time(2), "SAME", FingerprintEntries.REFERENCE,
                "sha256:c1", "0.42", "probe");
        assertThat(cells("#fp-verify-table tr[data-seq='3']")).containsExactly("3", time(3), "DIFFERENT",
                FingerprintEntries.MARKUP_MODEL, FingerprintEntries.MARKUP_CANDIDATE, "0.001", "traffic");
        assertThat(browser.await("#fp-verify-table tr[data-seq='2'] .badge").getAttribute("class")).contains("good");
        assertThat(browser.await("#fp-verify-table tr[data-seq='3'] .badge").getAttribute("class")).contains("bad");

        assertThat(cells("#fp-identify-table tr[data-seq='4']").subList(2, 6)).containsExactly(FingerprintEntries.REFERENCE,
                "sha256:c2", "0.91", "0.5");
        assertThat(cells("#fp-identify-table tr[data-seq='5']").get(2)).isEqualTo("none");

        assertThat(cells("#fp-drift-table tr[data-seq='7']").subList(2, 9)).containsExactly(FingerprintEntries.REFERENCE,
                "traffic.jsonl", "DRIFT", "SUDDEN", "0.93", "9.75 / 5.5", "17 of 64");
        assertThat(cells("#fp-drift-table tr[data-seq='6']").subList(4, 7)).containsExactly("STABLE", "—", "—");

        WebElement chart = browser.awaitPresent("#fp-drift .chart[data-reference='terse-model'][data-checks='2']");
        assertThat(chart.findElement(By.cssSelector(".u-title")).getText()).isEqualTo("Drift of terse-model");
        Number painted = (Number) browser.script("""
                const c = arguments[0].querySelector('canvas');
                if (!c || !c.width || !c.height) return 0;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;""", chart);
        assertThat(painted.longValue()).as("pixels drawn on the drift chart's canvas").isPositive();
        assertThat(browser.script("return window.fpInjected === undefined")).isEqualTo(true);
        browser.screenshot("fingerprints");

        // A check recorded while the page is open arrives over the ledger's event stream.
        clock.advance(Duration.ofMinutes(1));
        ledger.append("fingerprint.drift", "verbose-model", FingerprintEntries.drift(false, 1.5, 0).put("reference", "verbose-model"));
        browser.awaitPresent("#fp-drift .chart[data-reference='verbose-model'][data-checks='1']");
        browser.awaitText("#fp-drift-table", "verbose-model");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** The page's rendering of the time of entry {@code seq} (one minute per entry after the clock's start). */
    String time(int seq) {
        Instant at = clock.instant().minus(Duration.ofMinutes(7 - seq));
        return at.toString().replace("T", " ").replace("Z", " UTC");
    }
}
