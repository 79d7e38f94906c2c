package dev.assay.llm.score;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.assay.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        byte[] buf = new byte[8];
        putLong(md, buf, s.size());
        for (String t : s.tokens()) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            putLong(md, buf, b.length);
            md.update(b);
        }
        for (int i = 0; i < s.size(); i++) putLong(md, buf, Double.doubleToLongBits(s.logprob(i)));
        if (!s.hasTop()) {
            putLong(md, buf, -1);
        } else {
            for (int i = 0; i < s.size(); i++) {
                double[] row = s.topRow(i);
                putLong(md, buf, row.length);
                for (double v : row) putLong(md, buf, Double.doubleToLongBits(v));
            }
        }
        putLong(md, buf, scorer.config().window());
        putLong(md, buf, scorer.config().vocabularySize());
        md.update((check == null ? "no-check" : check.version()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static void putLong(MessageDigest md, byte[] buf, long v) {
        for (int i = 7; i >= 0; i--) {
            buf[i] = (byte) v;
            v >>>= 8;
        }
        md.update(buf);
    }
}
