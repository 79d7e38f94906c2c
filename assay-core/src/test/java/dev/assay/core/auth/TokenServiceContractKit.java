package dev.assay.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do for tokens; subclasses open the store. */
abstract class TokenServiceContractKit {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private Store store;
    private TokenService tokens;

    protected abstract Store openStore();

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
}
