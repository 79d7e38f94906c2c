package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.protocol.sla.DiscoveryService;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.protocol.ProtocolModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The protocols page in headless Chromium against a real server: a viewer classifies a payload typed in hex and sees
 * its protocol, evidence and deadline; the protocol mix and the deadline table show what the service classified; a bad
 * payload's error is shown on the page.
 */
class ProtocolDashboardBrowserTest {
    @TempDir
    Path dir;

    TestServer t;
    Ledger ledger;
    DiscoveryService service;
    Browser browser;
    String base;

    @BeforeEach
    void start() {
        browser = Browser.open();
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
            service = DiscoveryService.standard(telemetry.registry());
            return List.of(new LedgerModule(ledger, Clock.systemUTC()), new ProtocolModule(service));
        });
        base = t.server.uri().toString();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (t != null) t.close();
        if (service != null) service.close();
        if (ledger != null) ledger.close();
    }

    @Test
    void aViewerClassifiesAPayloadAndSeesTheMixAndTheDeadlines() {
        for (int port : List.of(22, 25, 40000)) {
            assertThat(t.post("/api/v1/protocol/classify", t.viewer, "{\"payload\": \"AQID\", \"transport\": \"TCP\", \"serverPort\": " + port + "}")
                    .statusCode()).isEqualTo(200);
        }
        browser.login(base, t.viewer);
        browser.await("#nav");
        browser.driver.get(base + "/#/protocol");
        assertThat(browser.all("#nav a")).extracting(WebElement::getText).contains("Protocols");
        browser.awaitText("#protocol-mix-table", "SSH");
        assertThat(browser.await("#protocol-mix-table").getText()).contains("SMTP").contains("Unknown");
        assertThat(browser.await("#protocol-sla-table").getText()).contains("fast").contains("NONE 3");

        String hex = HexFormat.of().formatHex("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
        browser.await("#protocol-payload").sendKeys(hex);
        browser.await("#protocol-port").clear();
        browser.await("#protocol-port").sendKeys("2222");
        browser.driver.findElement(By.cssSelector("#protocol-classify")).click();
        browser.awaitText("#protocol-result", "DPI");
        String result = browser.await("#protocol-result").getText();
        assertThat(result).contains("SSH").contains("validators").contains("ms / 50 ms");
        assertThat(browser.await("#protocol-evidence").getText()).contains("a>b 0+");
        browser.awaitText("#protocol-mix", "4 flows classified");
        browser.awaitText("#protocol-unknown", "recent flows no classifier named");
        assertThat(browser.await("#protocol-unknown-table").getText()).contains("TCP/40000").contains("too few messages").doesNotContain("TCP/22");

        browser.await("#protocol-payload").clear();
        browser.await("#protocol-payload").sendKeys("zz");
        browser.driver.findElement(By.cssSelector("#protocol-classify")).click();
        browser.awaitText("#protocol-result", "not valid hex");
        browser.screenshot("protocol");
        assertThat(browser.consoleErrors()).allMatch(e -> e.contains("400"));
    }
}
