package dev.assay.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do for tokens; subclasses open the store. */
abstract class TokenServiceContractKit {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private Store store;
    private TokenService tokens;

    protected abstract Store openStore();

    /** The JDBC URL of the store {@link #openStore} opened, to open it again as another process would. */
    protected abstract String url();

    @BeforeEach
    void open() {
        store = openStore();
        tokens = TokenService.create(store, Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());
    }

    @AfterEach
    void close() {
        if (store != null) store.close(); // null when the backend is absent and the test was skipped
    }

    @Test
    void createdTokenAuthenticatesWithItsRole() {
        IssuedToken issued = tokens.create("ci", Role.OPERATOR);
        assertThat(issued.secret()).startsWith("assay_").hasSize(49);
        assertThat(issued.info()).isEqualTo(new TokenInfo(1, "ci", Role.OPERATOR, T0, Optional.empty()));
        assertThat(tokens.authenticate(issued.secret())).contains(new Principal(1, "ci", Role.OPERATOR));
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void onlyTheHashIsStored() {
        IssuedToken issued = tokens.create("ci", Role.ADMIN);
        List<String> columns = store.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM api_tokens")
                .mapTo(String.class).list());
        assertThat(columns).containsExactly(TokenService.sha256Hex(issued.secret()));
        assertThat(columns.get(0)).doesNotContain(issued.secret().substring(6));
    }

    @Test
    void unknownMalformedAndAlteredTokensDoNotAuthenticate() {
        IssuedToken issued = tokens.create("ci", Role.VIEWER);
        String s = issued.secret();
        String altered = s.substring(0, s.length() - 1) + (s.endsWith("A") ? "B" : "A");
        assertThat(tokens.authenticate(altered)).isEmpty();
        assertThat(tokens.authenticate("assay_short")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("other_" + s.substring(6))).isEmpty();
    }

    @Test
    void secretsAreDistinctAndIdsIncrease() {
        IssuedToken a = tokens.create("a", Role.VIEWER);
        IssuedToken b = tokens.create("b", Role.VIEWER);
        assertThat(a.secret()).isNotEqualTo(b.secret());
        assertThat(b.info().id()).isEqualTo(a.info().id() + 1);
    }

    @Test
    void revokedTokenNoLongerAuthenticatesAndIsListedAsRevoked() {
        IssuedToken a = tokens.create("a", Role.ADMIN);
        IssuedToken b = tokens.create("b", Role.VIEWER);
        TokenInfo revoked = tokens.revoke(a.info().id());
        assertThat(revoked.revokedAt()).contains(T0);
        assertThat(tokens.authenticate(a.secret())).isEmpty();
        assertThat(tokens.authenticate(b.secret())).isPresent();
        assertThat(tokens.list()).extracting(TokenInfo::name, TokenInfo::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", false), org.assertj.core.groups.Tuple.tuple("b", true));
    }

    @Test
    void revokeTwiceConflictsAndUnknownIdIsNotFound() {
        IssuedToken a = tokens.create("a", Role.ADMIN);
        tokens.revoke(a.info().id());
        assertThatThrownBy(() -> tokens.revoke(a.info().id())).isInstanceOf(ConflictException.class).hasMessageContaining("already revoked");
        assertThatThrownBy(() -> tokens.revoke(99)).isInstanceOf(NotFoundException.class).hasMessageContaining("99");
    }

    @Test
    void rejectsBadNames() {
        assertThatThrownBy(() -> tokens.create(" ", Role.VIEWER)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.create("x".repeat(65), Role.VIEWER)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.create("a\nb", Role.VIEWER)).isInstanceOf(InvalidInputException.class);
        assertThat(tokens.list()).isEmpty();
    }

    @Test
    void simultaneousCreates_whileLedgerAppendsRun_allSucceedWithDistinctIds() throws Exception {
        int creates = 200;
        ExecutorService pool = Executors.newFixedThreadPool(creates + 1);
        try (Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.fixed(T0, ZoneOffset.UTC))) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean creating = new AtomicBoolean(true);
            Future<Integer> appends = pool.submit(() -> {
                start.await();
                int n = 0;
                for (; n < 10_000 && (creating.get() || n < 20); n++) {
                    ledger.append("test.load", "s" + n, JsonNodeFactory.instance.objectNode());
                }
                return n;
            });
            List<Future<IssuedToken>> issued = new ArrayList<>();
            for (int i = 0; i < creates; i++) {
                String name = "t" + i;
                issued.add(pool.submit(() -> {
                    start.await();
                    return tokens.create(name, Role.VIEWER);
                }));
            }
            start.countDown();
            List<IssuedToken> made = new ArrayList<>();
            for (Future<IssuedToken> f : issued) made.add(f.get(300, TimeUnit.SECONDS));
            creating.set(false);
            int appended = appends.get(300, TimeUnit.SECONDS);

            assertThat(made).extracting(t -> t.info().id()).doesNotHaveDuplicates().hasSize(creates);
            assertThat(tokens.list()).hasSize(creates);
            for (IssuedToken t : made) assertThat(tokens.authenticate(t.secret())).as(t.info().name()).isPresent();
            assertThat(ledger.headSeq()).isEqualTo(appended);
            assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createsAndRevokesFromTwoStores_allSucceedAndEveryAcknowledgedRevokeStopsTheTokenAtOnce() throws Exception {
        int workers = 4;
        int rounds = 30;
        try (Store second = Store.open(url())) {
            List<TokenService> services = List.of(tokens, TokenService.create(second, Clock.fixed(T0, ZoneOffset.UTC)));
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            Queue<String> stillAuthenticated = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                TokenService creator = services.get(w % 2);
                TokenService revoker = services.get((w + 1) % 2);
                String prefix = "w" + w + "-";
                done.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        IssuedToken t = creator.create(prefix + r, Role.OPERATOR);
                        assertThat(revoker.authenticate(t.secret())).as("new token seen by the other store").isPresent();
                        revoker.revoke(t.info().id());
                        for (TokenService s : services) {
                            if (s.authenticate(t.secret()).isPresent()) stillAuthenticated.add(t.info().name());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            pool.shutdown();
            for (Future<?> f : done) f.get(300, TimeUnit.SECONDS);
            assertThat(stillAuthenticated).as("tokens that authenticated after their revoke returned").isEmpty();
            assertThat(tokens.list()).hasSize(workers * rounds).noneMatch(TokenInfo::active);
        }
    }
}
