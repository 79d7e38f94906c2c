package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.agent.action.Action;
import dev.assay.agent.approval.Approval;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.approval.ApprovalStatus;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.guard.Verdict;
import dev.assay.agent.policy.Policy;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.time.ManualClock;
import dev.assay.server.agent.AgentModule;
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
 * The agent page in headless Chromium against a real server: a pending request whose agent and target are markup
 * shown as text, the decisions chart drawn from the ledger, the buttons disabled for a viewer with the reason said,
 * and an operator approving the request with a reason, which the ledger records.
 */
class AgentDashboardBrowserTest {
    static final String MARKUP_AGENT = "<b id=\"agentInjected\">bot</b>";
    static final String MARKUP_TARGET = "sudo systemctl restart web <img src=x onerror=\"window.agentInjected=1\">";

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(3)));
    TestServer t;
    Ledger ledger;
    AlertManager alerts;
    ApprovalQueue queue;
    Browser browser;
    String base;

    @BeforeEach
    void start() {
        browser = Browser.open();
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            alerts = AlertManager.builder(telemetry.registry()).channel("log", AlertChannel.log()).build();
            queue = ApprovalQueue.open(store, ledger, clock);
            return List.of(new LedgerModule(ledger, clock), new AgentModule(Policy.parse("tools:\n  approve: [send_money]\n"), ledger,
                    telemetry.registry(), queue, Duration.ofHours(1), alerts));
        });
        base = t.server.uri().toString();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (t != null) t.close();
        if (alerts != null) alerts.close(Duration.ofSeconds(5));
        if (ledger != null) ledger.close();
    }

    List<String> cells(String rowCss) {
        return browser.driver.findElement(By.cssSelector(rowCss)).findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void anOperatorApprovesAPendingRequest_aViewerCannot_andMarkupIsText() {
        for (String body : List.of("{\"kind\": \"shell\", \"command\": \"ls -la\"}", "{\"kind\": \"shell\", \"command\": \"cat /etc/shadow\"}",
                "{\"kind\": \"tool\", \"tool\": \"send_money\", \"agent\": \"payer\"}")) {
            assertThat(t.post("/api/v1/agent/check", t.operator, body).statusCode()).isEqualTo(200);
        }
        Action action = new Action(Action.Kind.SHELL, "shell", MARKUP_TARGET, null, MARKUP_AGENT, "restart", List.of(), null);
        Approval a = queue.request(new Verdict(Decision.ESCALATE, action,
                List.of(new Finding(Risk.PRIVILEGE, Decision.ESCALATE, "sudo <i>gains</i> privileges"))), Duration.ofHours(1));
        String row = "#agent-queue-table tr[data-id='" + a.id() + "']";

        browser.login(base, t.viewer);
        browser.await("#nav");
        browser.driver.get(base + "/#/agent");
        browser.await(row);
        assertThat(browser.all("#nav a")).extracting(WebElement::getText).contains("Agent guard");
        List<String> cells = cells(row);
        assertThat(cells.get(0)).isEqualTo(MARKUP_AGENT);
        assertThat(cells.get(1)).contains(MARKUP_TARGET).contains("SHELL");
        assertThat(cells.get(2)).isEqualTo("ESCALATE PRIVILEGE: sudo <i>gains</i> privileges");
        assertThat(browser.all("#agent-queue-table img, #agentInjected")).isEmpty();
        assertThat(browser.await(row + " button.approve").isEnabled()).isFalse();
        assertThat(browser.await(row + " button.deny").getAttribute("title")).isEqualTo("Needs an operator token");
        assertThat(browser.await("#role-note").getText()).contains("operator token");
        WebElement chart = browser.awaitPresent("#agent-decisions-chart[data-entries='3']");
        assertThat(chart.findElement(By.cssSelector(".u-title")).getText()).isEqualTo("Decisions per minute");
        browser.awaitText("#agent-memory", "No learned layer");
        assertThat(browser.await("#agent-memory").getText()).contains("Stopped (DENY or ESCALATE), last 100 decisions");
        assertThat(browser.script("return window.agentInjected === undefined")).isEqualTo(true);

        browser.script("sessionStorage.clear();");
        browser.login(base, t.operator);
        browser.await("#nav");
        browser.driver.get(base + "/#/agent");
        browser.await(row + " input.reason").sendKeys("restart planned in ticket 7");
        browser.driver.findElement(By.cssSelector(row + " button.approve")).click();
        browser.awaitText("#agent-last-action", "APPROVED");
        assertThat(browser.await("#agent-last-action").getText()).contains(MARKUP_TARGET).contains("by operator")
                .contains("restart planned in ticket 7");
        browser.screenshot("agent");

        assertThat(queue.get(a.id()).status()).isEqualTo(ApprovalStatus.APPROVED);
        LedgerEntry approved = ledger.get(queue.get(a.id()).decisionSeq()).orElseThrow();
        assertThat(approved.kind()).isEqualTo("agent.approval.approved");
        assertThat(approved.payload()).contains("\"by\":\"operator\"").contains("restart planned in ticket 7");
        // the page reloads from the event stream: the request leaves the queue and shows among the decisions
        browser.awaitText("#agent-decided-table", "restart planned in ticket 7");
        assertThat(browser.all(row)).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
