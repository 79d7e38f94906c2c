package dev.assay.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.Main;
import dev.assay.cli.ServeLifetime;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.server.Browser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * What a newcomer sees after {@code assay demo}: every dashboard page with the real TREC 2003 Robust
 * content (the model's two versions and its rollback, the recorded release decision, the monitor's
 * windows and trigger), logged in with the token the demo printed. The screenshots written to
 * target/dashboard-screenshots/demo-*.png are the ones README shows.
 */
class DemoDashboardBrowserTest {
    static final Pattern TOKEN = Pattern.compile("assay_[A-Za-z0-9_-]+");

    @TempDir
    Path tmp;

    @Test
    void everyPageShowsTheSeededDemo() {
        Path shared = TestEnvironment.sharedData();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Throwable[] failure = new Throwable[1];
        try (Browser browser = Browser.open()) {
            ServeLifetime lifetime = server -> {
                try {
                    Matcher m = TOKEN.matcher(out.toString());
                    assertThat(m.find()).as(out.toString()).isTrue();
                    String base = server.uri().toString();
                    browser.login(base, m.group());
                    browser.awaitText("#verification-status", "VALID");
                    browser.awaitText("#alerts-table", DemoSeeder.MODEL);
                    browser.screenshot("demo-overview");

                    browser.driver.get(base + "/#/models");
                    browser.awaitText("#timeline", "rolled back");
                    assertThat(browser.all("#model-detail table").get(1).getText()).contains("sha256:");
                    browser.screenshot("demo-models");

                    browser.driver.get(base + "/#/ranking");
                    browser.awaitText("#monitors-table", "ROLLED_BACK");
                    browser.awaitPresent("#monitor-detail .chart");
                    browser.awaitText("#triggers-table", "ROLLBACK");
                    browser.screenshot("demo-ranking");
                    browser.driver.findElement(By.cssSelector("#releases-table tbody tr")).click();
                    browser.awaitText("#releases-table tr.detail", "PASS");
                    // the recorded decision carries its bootstrap distribution, drawn beside the guard's numbers
                    browser.awaitPresent("#releases-table tr.detail .chart[data-guard] canvas");
                    browser.script("document.getElementById('releases').scrollIntoView()");
                    browser.screenshot("demo-release");
                    assertThat(browser.consoleErrors()).isEmpty();
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    server.stop();
                }
            };
            int exit = Main.execute(new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                    Clock.systemUTC(), lifetime), "demo", "--data-dir", tmp.resolve("demo").toString(),
                    "--shared-data", shared.toString(), "--host", "127.0.0.1", "--port", "0");
            if (failure[0] instanceof AssertionError e) throw e;
            if (failure[0] != null) throw new AssertionError("while browsing the demo: " + err, failure[0]);
            assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        }
    }
}
