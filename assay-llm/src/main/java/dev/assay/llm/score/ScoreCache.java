package dev.assay.llm.score;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.assay.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded cache of scored responses (Caffeine, least recently and frequently used out first), keyed by the SHA-256
 * of every input that affects the result: the tokens, the chosen log-probabilities, the top-k log-probabilities, the
 * scorer's window and vocabulary size, and the version of the calibration that judges (none without a check). A
 * change of any of them is a different key, so a cached result is always the one {@link #score} would compute.
 * Thread-safe.
 */
public final class ScoreCache {
    /** Default number of cached responses. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    /** A scored response: the report, and the verdict when a check judged it. */
    public record Scored(TokenReport report, Optional<QualityVerdict> verdict) {
        public Scored {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    private final Cache<String, Scored> cache;
    private final TokenScorer scorer;
    private final QualityCheck check;

    private ScoreCache(TokenScorer scorer, QualityCheck check, long maxEntries) {
        if (maxEntries < 0) throw new InvalidInputException("maxEntries must be >= 0, but was " + maxEntries);
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.check = check;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
    }

    /** A cache in front of {@code scorer}, without a quality check. */
    public static ScoreCache of(TokenScorer scorer, long maxEntries) {
        return new ScoreCache(scorer, null, maxEntries);
    }

    /** A cache in front of {@code scorer} and {@code check}. */
    public static ScoreCache of(TokenScorer scorer, QualityCheck check, long maxEntries) {
        return new ScoreCache(scorer, Objects.requireNonNull(check, "check"), maxEntries);
    }

    /** The scored response, from the cache when the same inputs were scored before. */
    public Scored score(TokenScores scores) {
        return cache.get(key(scores), k -> {
            TokenReport r = scorer.score(scores);
            return new Scored(r, check == null ? Optional.empty() : Optional.of(check.check(r)));
        });
    }

    /** Hits, misses and evictions so far. */
    public CacheStats stats() {
        return cache.stats();
    }

    /** The cache key of {@code scores} under this cache's scorer and check. */
    String key(TokenScores s) {
        int n = s.size();
        int size = 8 * (n + 1) + 8 * 3 + 8;
        List<byte[]> texts = new ArrayList<>(n);
        for (String t : s.tokens()) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            texts.add(b);
            size += 4 + b.length;
        }
        if (s.hasTop()) for (int i = 0; i < n; i++) size += 4 + 8 * s.topRow(i).length;
        byte[] check = (this.check == null ? "no-check" : this.check.version()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(size + check.length);
        buf.putLong(n);
        for (byte[] b : texts) buf.putInt(b.length).put(b);
        for (int i = 0; i < n; i++) buf.putDouble(s.logprob(i));
        buf.putLong(s.hasTop() ? 1 : 0);
        if (s.hasTop()) {
            for (int i = 0; i < n; i++) {
                double[] row = s.topRow(i);
                buf.putInt(row.length);
                for (double v : row) buf.putDouble(v);
            }
        }
        buf.putLong(scorer.config().window());
        buf.putLong(scorer.config().vocabularySize());
        buf.put(check);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }
}
