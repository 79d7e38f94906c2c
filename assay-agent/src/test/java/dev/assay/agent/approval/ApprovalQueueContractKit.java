package dev.assay.agent.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.guard.Verdict;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the approval queue must do on every store; subclasses open the store. */
abstract class ApprovalQueueContractKit {
    static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");
    static final Duration TTL = Duration.ofMinutes(15);

    Store store;
    Ledger ledger;
    ManualClock clock;
    ApprovalQueue queue;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        clock = new ManualClock(T0);
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
        queue = ApprovalQueue.open(store, ledger, clock);
    }

    @AfterEach
    void close() {
        if (ledger != null) ledger.close();
        if (store != null) store.close();
    }

    static Verdict escalate(String agent, String command) {
        Action a = new Action(Action.Kind.SHELL, "shell", command, null, agent, "tidy up", List.of("user: please tidy"), null);
        return new Verdict(Decision.ESCALATE, a, List.of(new Finding(Risk.PRIVILEGE, Decision.ESCALATE, "sudo gains privileges")));
    }

    List<LedgerEntry> entries(String kind) {
        return ledger.page(0, 1000).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Test
    void aRequestIsPendingWithItsActionFindingsExpiryAndLedgerEntry() {
        Approval a = queue.request(escalate("builder", "sudo rm -rf /tmp/x"), TTL);
        assertThat(a.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(a.createdAt()).isEqualTo(T0);
        assertThat(a.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(a.agent()).isEqualTo("builder");
        assertThat(a.action().path("target").asText()).isEqualTo("sudo rm -rf /tmp/x");
        assertThat(a.action().path("context").get(0).asText()).isEqualTo("user: please tidy");
        assertThat(a.findings().get(0).path("risk").asText()).isEqualTo("PRIVILEGE");
        assertThat(a.summary()).isEqualTo("SHELL sudo rm -rf /tmp/x");
        assertThat(a.decidedBy()).isNull();
        List<LedgerEntry> requested = entries(ApprovalQueue.REQUESTED);
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).subject()).isEqualTo("builder");
        assertThat(requested.get(0).payload()).contains(a.id()).contains("sudo rm -rf /tmp/x");
        assertThat(a.requestSeq()).isEqualTo(requested.get(0).seq());
        assertThat(queue.pending()).extracting(Approval::id).containsExactly(a.id());
        assertThat(queue.get(a.id())).isEqualTo(a);
    }

    @Test
    void onlyEscalateVerdictsAreQueued_andTheTtlIsBounded() {
        Verdict deny = new Verdict(Decision.DENY, Action.shell("cat /etc/shadow"), List.of());
        Verdict allow = new Verdict(Decision.ALLOW, Action.shell("ls"), List.of());
        assertThatThrownBy(() -> queue.request(deny, TTL)).isInstanceOf(InvalidInputException.class).hasMessageContaining("DENY");
        assertThatThrownBy(() -> queue.request(allow, TTL)).isInstanceOf(InvalidInputException.class).hasMessageContaining("ALLOW");
        assertThatThrownBy(() -> queue.request(escalate(null, "sudo ls"), Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ttl");
        assertThat(queue.pendingCount()).isZero();
        assertThat(ledger.headSeq()).isZero();
    }

    @Test
    void approvalRecordsWhoAndWhy_andIsLedgered() {
        Approval a = queue.request(escalate(null, "sudo systemctl restart web"), TTL);
        clock.advance(Duration.ofMinutes(2));
        Approval done = queue.approve(a.id(), "alice", "planned restart");
        assertThat(done.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(done.status().allows()).isTrue();
        assertThat(done.decidedBy()).isEqualTo("alice");
        assertThat(done.reason()).isEqualTo("planned restart");
        assertThat(done.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(done.waited(clock.instant().plusSeconds(600))).isEqualTo(Duration.ofMinutes(2));
        List<LedgerEntry> approved = entries(ApprovalQueue.APPROVED);
        assertThat(approved).hasSize(1);
        assertThat(approved.get(0).subject()).isEqualTo(ApprovalQueue.UNNAMED);
        assertThat(approved.get(0).payload()).contains(a.id()).contains("alice").contains("planned restart");
        assertThat(done.decisionSeq()).isEqualTo(approved.get(0).seq());
        assertThat(queue.pending()).isEmpty();
        assertThat(queue.list(ApprovalStatus.APPROVED, 10)).extracting(Approval::id).containsExactly(a.id());
    }

    @Test
    void denialIsLedgered_andADecidedRequestCannotBeDecidedAgain() {
        Approval a = queue.request(escalate("x", "sudo ls"), TTL);
        Approval denied = queue.deny(a.id(), "bob", "not today");
        assertThat(denied.status()).isEqualTo(ApprovalStatus.DENIED);
        assertThat(denied.status().allows()).isFalse();
        assertThat(entries(ApprovalQueue.DENIED)).hasSize(1);
        long head = ledger.headSeq();
        assertThatThrownBy(() -> queue.approve(a.id(), "alice", "changed my mind")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("DENIED");
        assertThatThrownBy(() -> queue.deny(a.id(), "alice", "again")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("DENIED");
        assertThat(ledger.headSeq()).as("a refused decision writes nothing").isEqualTo(head);
        assertThat(queue.get(a.id()).decidedBy()).isEqualTo("bob");
    }

    @Test
    void aReasonAndADeciderAreRequired() {
        Approval a = queue.request(escalate("x", "sudo ls"), TTL);
        for (String blank : new String[] {null, "", "   \t"}) {
            assertThatThrownBy(() -> queue.approve(a.id(), "alice", blank)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("reason");
            assertThatThrownBy(() -> queue.deny(a.id(), blank, "r")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("who");
        }
        assertThatThrownBy(() -> queue.approve(a.id(), "alice", "x".repeat(ApprovalQueue.MAX_REASON + 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
        assertThat(queue.get(a.id()).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void unknownIdsAreNotFound() {
        for (String id : List.of("no-such-thing", "00000000-0000-0000-0000-000000000000", "1")) {
            assertThatThrownBy(() -> queue.get(id)).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
            assertThatThrownBy(() -> queue.approve(id, "alice", "r")).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
            assertThatThrownBy(() -> queue.deny(id, "alice", "r")).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
        }
    }

    @Test
    void expiryCountsAsDenial_andAnExpiredRequestCannotBeApproved() {
        Approval early = queue.request(escalate("a", "sudo one"), Duration.ofMinutes(5));
        Approval late = queue.request(escalate("b", "sudo two"), Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(5));
        List<Approval> expired = queue.expire(clock.instant());
        assertThat(expired).extracting(Approval::id).containsExactly(early.id());
        Approval e = queue.get(early.id());
        assertThat(e.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(e.status().allows()).isFalse();
        assertThat(e.decidedBy()).isEqualTo(ApprovalQueue.EXPIRY);
        assertThat(e.decisionSeq()).isEqualTo(entries(ApprovalQueue.EXPIRED).get(0).seq());
        assertThat(entries(ApprovalQueue.EXPIRED)).hasSize(1);
        assertThat(entries(ApprovalQueue.EXPIRED).get(0).payload()).contains(early.id()).contains("DENY");
        assertThat(queue.expire(clock.instant())).as("expiring twice marks nothing").isEmpty();
        assertThatThrownBy(() -> queue.approve(early.id(), "alice", "too late")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("EXPIRED");
        assertThat(queue.get(late.id()).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(queue.list(ApprovalStatus.EXPIRED, 10)).extracting(Approval::id).containsExactly(early.id());
    }

    @Test
    void aRequestPastItsExpiryCannotBeDecidedEvenBeforeExpiryRan() {
        Approval a = queue.request(escalate("a", "sudo one"), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> queue.approve(a.id(), "alice", "ok")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("EXPIRED");
        assertThat(queue.get(a.id()).status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(entries(ApprovalQueue.APPROVED)).isEmpty();
    }

    @Test
    void listingOrdersPendingOldestFirst_andLimits() {
        Approval first = queue.request(escalate("a", "sudo 1"), TTL);
        clock.advance(Duration.ofSeconds(1));
        Approval second = queue.request(escalate("a", "sudo 2"), TTL);
        clock.advance(Duration.ofSeconds(1));
        Approval third = queue.request(escalate("a", "sudo 3"), TTL);
        assertThat(queue.list(ApprovalStatus.PENDING, 10)).extracting(Approval::id).containsExactly(first.id(), second.id(), third.id());
        assertThat(queue.list(ApprovalStatus.PENDING, 2)).extracting(Approval::id).containsExactly(first.id(), second.id());
        queue.deny(first.id(), "bob", "r");
        queue.deny(third.id(), "bob", "r");
        assertThat(queue.list(ApprovalStatus.DENIED, 10)).extracting(Approval::id).containsExactly(third.id(), first.id());
        assertThatThrownBy(() -> queue.list(ApprovalStatus.PENDING, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void theBacklogIsReportedWhenTooManyArePendingOrTheOldestWaitedTooLong() {
        Backlog.Limits limits = new Backlog.Limits(2, Duration.ofMinutes(10));
        assertThat(queue.backlogAlert(limits)).isEmpty();
        queue.request(escalate("a", "sudo 1"), Duration.ofHours(1));
        queue.request(escalate("a", "sudo 2"), Duration.ofHours(1));
        assertThat(queue.backlog(limits).pending()).isEqualTo(2);
        assertThat(queue.backlogAlert(limits)).isEmpty();
        queue.request(escalate("a", "sudo 3"), Duration.ofHours(1));
        Optional<Alert> many = queue.backlogAlert(limits);
        assertThat(many).isPresent();
        assertThat(many.get().severity()).isEqualTo(Severity.WARNING);
        assertThat(many.get().detail()).contains("3 approval requests are pending (limit 2)");
        Backlog.Limits roomy = new Backlog.Limits(10, Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        assertThat(queue.backlogAlert(roomy)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Optional<Alert> old = queue.backlogAlert(roomy);
        assertThat(old).isPresent();
        assertThat(old.get().detail()).contains("the oldest has waited 601 s (limit 600 s)");
        assertThat(old.get().dedupKey()).isEqualTo("agent.approvals/backlog");
    }

    @Test
    void theLedgerVerifiesAfterEveryKindOfEntry() {
        Approval a = queue.request(escalate("a", "sudo 1"), TTL);
        Approval b = queue.request(escalate("a", "sudo 2"), TTL);
        Approval c = queue.request(escalate("a", "sudo 3"), Duration.ofMinutes(1));
        queue.approve(a.id(), "alice", "ok");
        queue.deny(b.id(), "bob", "no");
        clock.advance(Duration.ofMinutes(2));
        queue.expire();
        assertThat(queue.get(c.id()).status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
        assertThat(ledger.headSeq()).isEqualTo(6);
    }

    @Test
    void ofTwoPeopleDecidingAtOnce_exactlyOneWins_andOnlyTheirDecisionIsLedgered() throws Exception {
        Approval a = queue.request(escalate("a", "sudo 1"), TTL);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var approve = pool.submit(() -> {
                go.await();
                return queue.approve(a.id(), "alice", "yes");
            });
            var deny = pool.submit(() -> {
                go.await();
                return queue.deny(a.id(), "bob", "no");
            });
            go.countDown();
            int won = 0;
            for (var f : List.of(approve, deny)) {
                try {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Approval decided = queue.get(a.id());
        assertThat(entries(ApprovalQueue.APPROVED).size() + entries(ApprovalQueue.DENIED).size()).isEqualTo(1);
        String kind = decided.status() == ApprovalStatus.APPROVED ? ApprovalQueue.APPROVED : ApprovalQueue.DENIED;
        assertThat(entries(kind).get(0).payload()).contains(decided.decidedBy());
        assertThat(decided.decisionSeq()).isEqualTo(entries(kind).get(0).seq());
    }

    @Test
    void statusesParseCaseInsensitively_andBadOnesAreNamed() {
        assertThat(ApprovalStatus.parse("pending", "status")).isEqualTo(ApprovalStatus.PENDING);
        assertThatThrownBy(() -> ApprovalStatus.parse("maybe", "status")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("status").hasMessageContaining("maybe").hasMessageContaining("PENDING, APPROVED, DENIED, EXPIRED");
    }
}
