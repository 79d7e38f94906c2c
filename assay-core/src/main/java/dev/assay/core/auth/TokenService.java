package dev.assay.core.auth;

import dev.assay.core.ConflictException;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * API bearer tokens in table {@code api_tokens}: created from 256 random bits, shown once,
 * stored only as their SHA-256 hash.
 *
 * <p>Authentication hashes the presented token and looks the hash up. No secret is ever
 * compared byte by byte, so the lookup's timing can only reveal facts about a SHA-256 hash
 * the caller already chose, never about a stored secret: this is what makes a separate
 * constant-time comparison unnecessary. Tokens carry 256 bits of entropy, so a plain
 * (unsalted, unstretched) hash is enough; password hashing would only slow every request.
 *
 * <p>Creation and revocation go through {@link Store#write}, so they wait for concurrent
 * writers (ledger appends, other processes) rather than fail. Nothing is cached: a revoke,
 * once it has returned, fails the next authentication of that token in every process.
 */
public final class TokenService {
    /** Every token starts with this, so that leaked tokens are easy to recognise and scan for. */
    public static final String PREFIX = "assay_";
    private static final int SECRET_BYTES = 32;
    private static final int TOKEN_LENGTH = PREFIX.length() + 43; // 32 bytes in unpadded base64url
    private static final int MAX_NAME = 64;

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;

    private TokenService(Store store, Clock clock, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Tokens in {@code store}, timestamped by {@code clock}, secrets from a new {@link SecureRandom}. */
    public static TokenService create(Store store, Clock clock) {
        return new TokenService(store, clock, new SecureRandom());
    }

    /** As {@link #create(Store, Clock)} with a given source of secrets. */
    public static TokenService create(Store store, Clock clock, SecureRandom random) {
        return new TokenService(store, clock, random);
    }

    /** Creates a token; the returned secret is the only copy. */
    public IssuedToken create(String name, Role role) {
        String checkedName = checkName(name);
        Objects.requireNonNull(role, "role");
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256Hex(secret);
        Instant now = clock.instant();
        long id = store.write(h -> insert(h, checkedName, role, hash, now));
        return new IssuedToken(new TokenInfo(id, checkedName, role, now, Optional.empty()), secret);
    }

    /** Takes the next id; safe because every token write holds the store's write lock. */
    private static long insert(Handle h, String name, Role role, String hash, Instant now) {
        long id = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM api_tokens").mapTo(Long.class).one();
        h.createUpdate("INSERT INTO api_tokens (id, name, role, token_hash, created_at, revoked_at) "
                        + "VALUES (:id, :name, :role, :hash, :created, NULL)")
                .bind("id", id)
                .bind("name", name)
                .bind("role", role.label())
                .bind("hash", hash)
                .bind("created", now.toEpochMilli())
                .execute();
        return id;
    }

    /** Every token, oldest first, revoked ones included; never any secret. */
    public List<TokenInfo> list() {
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY id")
                .map(TokenService::toInfo)
                .list());
    }

    /** Revokes token {@code id}; {@link NotFoundException} when absent, {@link ConflictException} when already revoked. */
    public TokenInfo revoke(long id) {
        Instant now = clock.instant();
        return store.write(h -> {
            TokenInfo info = h.createQuery("SELECT id, name, role, created_at, revoked_at FROM api_tokens WHERE id = :id")
                    .bind("id", id)
                    .map(TokenService::toInfo)
                    .findOne()
                    .orElseThrow(() -> new NotFoundException("no token with id " + id));
            if (!info.active()) {
                throw new ConflictException("token " + id + " was already revoked at " + info.revokedAt().orElseThrow());
            }
            h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", now.toEpochMilli())
                    .bind("id", id)
                    .execute();
            return new TokenInfo(info.id(), info.name(), info.role(), info.createdAt(), Optional.of(now));
        });
    }

    /** The principal of an active token, or empty for anything else (malformed, unknown, revoked). */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX)) return Optional.empty();
        String hash = sha256Hex(token);
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, name, role FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .map((rs, ctx) -> new Principal(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role"))))
                .findOne());
    }

    private static TokenInfo toInfo(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        long revoked = rs.getLong("revoked_at");
        Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("token name must be 1 to " + MAX_NAME
                    + " printable characters, but was '" + name + "'");
        }
        return name.strip();
    }

    static String sha256Hex(String token) {
        return Hashing.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
