package dev.assay.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Risk;
import dev.assay.agent.policy.Policy;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardTest {
    static final Guard DEFAULT = new Guard(Policy.defaults());

    static Verdict decide(Guard g, String json) {
        return g.decide(ActionDecoder.decode(json));
    }

    @Test
    void shellActionsGoThroughTheCommandGuard() {
        assertThat(decide(DEFAULT, "{\"kind\": \"shell\", \"command\": \"ls -la\"}").decision()).isEqualTo(Decision.ALLOW);
        Verdict v = decide(DEFAULT, "{\"function\": {\"name\": \"bash\", \"arguments\": {\"command\": \"cat /etc/shadow\"}}}");
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasons()).containsExactly("DENY CREDENTIALS: cat touches credentials: /etc/shadow");
    }

    @Test
    void hiddenCharactersAreDeniedAndLookAlikeProgramsEscalated() {
        assertThat(DEFAULT.decide(Action.shell("ls\u202e -la")).findings()).anySatisfy(f -> assertThat(f.risk()).isEqualTo(Risk.HIDDEN_CHARACTERS));
        assertThat(DEFAULT.decide(Action.shell("ls\u202e -la")).decision()).isEqualTo(Decision.DENY);
        assertThat(DEFAULT.decide(Action.shell("ls\u200b")).decision()).isEqualTo(Decision.DENY);
        assertThat(DEFAULT.decide(Action.shell("ls \u0000 x")).decision()).isEqualTo(Decision.DENY);
        // Cyrillic 'с' and 'а' imitating "cat"
        assertThat(DEFAULT.decide(Action.shell("\u0441\u0430t notes.txt")).decision()).isEqualTo(Decision.ESCALATE);
        assertThat(decide(DEFAULT, "{\"kind\": \"file_read\", \"path\": \"a\\u0000b\"}").decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void thePolicyListsToolsProgramsPathsAndHosts(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("work/secret"));
        Files.writeString(dir.resolve("work/secret/key.txt"), "k");
        Files.createSymbolicLink(dir.resolve("work/link"), dir.resolve("work/secret"));
        Policy p = Policy.parse("""
                tools:
                  deny: [drop_database]
                  approve: [send_money]
                files:
                  root: %s
                  deny: ["**/secret/**"]
                  readOnly: ["**/*.lock"]
                programs:
                  deny: [curl]
                http:
                  allowHosts: [.example.com]
                  denyHosts: [evil.example.com]
                """.formatted(dir.resolve("work")));
        Guard g = new Guard(p);
        assertThat(decide(g, "{\"kind\": \"tool\", \"tool\": \"drop_database\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(g, "{\"kind\": \"tool\", \"tool\": \"send_money\"}").decision()).isEqualTo(Decision.ESCALATE);
        assertThat(decide(g, "{\"kind\": \"tool\", \"tool\": \"get_weather\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(g, "{\"kind\": \"shell\", \"command\": \"echo $(curl -s https://x.example.com)\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(g, "{\"kind\": \"file_read\", \"path\": \"notes/../secret/key.txt\"}").decision()).isEqualTo(Decision.DENY);
        Verdict viaLink = decide(g, "{\"kind\": \"file_read\", \"path\": \"link/key.txt\"}");
        assertThat(viaLink.decision()).isEqualTo(Decision.DENY);
        assertThat(viaLink.reasons().get(0)).contains("through a symbolic link");
        assertThat(decide(g, "{\"kind\": \"file_read\", \"path\": \"app.lock\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(g, "{\"kind\": \"file_write\", \"path\": \"app.lock\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(g, "{\"kind\": \"http\", \"url\": \"https://api.example.com/v1\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(g, "{\"kind\": \"http\", \"url\": \"https://evil.example.com/\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(g, "{\"kind\": \"http\", \"url\": \"https://other.org/\"}").decision()).isEqualTo(Decision.ESCALATE);
    }

    @Test
    void filesAndUrlsAreJudgedByWhatTheyReach() {
        assertThat(decide(DEFAULT, "{\"kind\": \"file_read\", \"path\": \"/etc/shadow\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"file_read\", \"path\": \"/tmp/../etc/./shadow\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"file_write\", \"path\": \"/etc/cron.d/job\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"file_read\", \"path\": \"/etc/hosts\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(DEFAULT, "{\"kind\": \"file_write\", \"path\": \"/usr/bin/ls\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"http://169.254.169.254/latest/meta-data/\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"http://10.0.0.5:8080/admin\"}").decision()).isEqualTo(Decision.ESCALATE);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"file:///etc/shadow\"}").decision()).isEqualTo(Decision.DENY);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"gopher://x\"}").decision()).isEqualTo(Decision.ESCALATE);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"https://docs.python.org/3/\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(DEFAULT, "{\"kind\": \"http\", \"url\": \"ht tp://x\"}").decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void sizeLimitsDeny() {
        Guard small = new Guard(Policy.parse("maxArgumentBytes: 100"));
        assertThat(small.decide(Action.shell("echo " + "x".repeat(200))).findings()).singleElement()
                .satisfies(f -> assertThat(f.risk()).isEqualTo(Risk.LIMIT));
    }

    @Test
    void badPoliciesAreRefusedWithEveryProblem() {
        assertThatThrownBy(() -> Policy.parse("tools: {allow: x}\nfiles: {deny: [a], colour: 1}\nmaxArgumentBytes: 0\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tools.allow")
                .hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("maxArgumentBytes");
    }

    @Test
    void anAgentOverItsRateIsDeniedAndOneDeniedTooOftenIsStopped() {
        Guard rate = new Guard(Policy.parse("limits:\n  actionsPerMinute: 3\n  breakerWindow: 0\n"));
        for (int i = 0; i < 3; i++) assertThat(decide(rate, "{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"a\"}").decision()).isEqualTo(Decision.ALLOW);
        Verdict over = decide(rate, "{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"a\"}");
        assertThat(over.decision()).isEqualTo(Decision.DENY);
        assertThat(over.reasons()).containsExactly("DENY LIMIT: agent a proposed more than 3 actions in a minute");
        assertThat(decide(rate, "{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"b\"}").decision()).isEqualTo(Decision.ALLOW);
        Guard breaker = new Guard(Policy.parse("limits:\n  breakerWindow: 4\n  breakerFailurePercent: 50\n  breakerOpenFor: 1h\n"));
        for (int i = 0; i < 4; i++) decide(breaker, "{\"kind\": \"shell\", \"command\": \"cat /etc/shadow\", \"agent\": \"bad\"}");
        Verdict stopped = decide(breaker, "{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"bad\"}");
        assertThat(stopped.decision()).isEqualTo(Decision.DENY);
        assertThat(stopped.reasons().get(0)).contains("agent bad is stopped");
        assertThat(decide(breaker, "{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"good\"}").decision()).isEqualTo(Decision.ALLOW);
        assertThat(new Guard(Policy.defaults().withoutLimits()).decide(Action.shell("ls")).decision()).isEqualTo(Decision.ALLOW);
        assertThatThrownBy(() -> Policy.parse("limits:\n  actionsPerMinute: -1\n"))
                .hasMessageContaining("limits: actionsPerMinute: must be at least 0, but was -1 (line 2)");
        assertThatThrownBy(() -> Policy.parse("limits:\n  breakerFailurePercent: 0\n")).hasMessageContaining("breakerFailurePercent");
    }

    @Test
    void tiersTurnTheChecksDecisionAndMoveWithTheAgentsRecord() {
        Guard g = new Guard(Policy.parse("autonomy:\n  start: GAMMA\n  max: DELTA\n  promoteAfter: 2\n  demoteOnDeny: true\n  safeModeAfter: 2\n"));
        String risky = "{\"kind\": \"http\", \"url\": \"https://x.org\", \"agent\": \"a\", \"arguments\": {\"method\": \"GET\"}}";
        String write = "{\"kind\": \"file_write\", \"path\": \"out.txt\", \"agent\": \"a\"}";
        String bad = "{\"kind\": \"shell\", \"command\": \"cat /etc/shadow\", \"agent\": \"a\"}";
        assertThat(g.tier("a")).isEqualTo(dev.assay.agent.guard.Tier.GAMMA);
        assertThat(decide(g, write).decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(g, write).decision()).isEqualTo(Decision.ALLOW);
        assertThat(g.tier("a")).isEqualTo(dev.assay.agent.guard.Tier.DELTA);
        assertThat(decide(g, bad).decision()).isEqualTo(Decision.DENY);
        assertThat(g.tier("a")).isEqualTo(dev.assay.agent.guard.Tier.GAMMA);
        assertThat(decide(g, bad).decision()).isEqualTo(Decision.DENY);
        assertThat(g.tier("a")).isEqualTo(dev.assay.agent.guard.Tier.SAFE_MODE);
        Verdict safe = decide(g, write);
        assertThat(safe.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(safe.reasons()).anySatisfy(r -> assertThat(r).contains("autonomy tier SAFE_MODE"));
        assertThat(decide(g, risky).decision()).isEqualTo(Decision.ALLOW);
        g.resetTier("a");
        assertThat(g.tier("a")).isEqualTo(dev.assay.agent.guard.Tier.GAMMA);
        Guard alpha = new Guard(Policy.parse("autonomy:\n  start: ALPHA\n  max: ALPHA\n"));
        assertThat(alpha.decide(Action.shell("ls")).decision()).isEqualTo(Decision.ESCALATE);
        assertThatThrownBy(() -> Policy.parse("autonomy:\n  start: DELTA\n  max: GAMMA\n")).hasMessageContaining("start: must not be above max");
        assertThatThrownBy(() -> Policy.parse("autonomy:\n  start: OMEGA\n")).hasMessageContaining("start");
    }
}
