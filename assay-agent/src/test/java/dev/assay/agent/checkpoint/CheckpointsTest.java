package dev.assay.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.Label;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.poison.PoisonCheck;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.LedgerKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    final LedgerKeys keys = LedgerKeys.generate(new SecureRandom());
    final Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    static PatternMemory memory(int n) {
        Random r = new Random(1);
        PatternMemory m = new PatternMemory(PatternMemory.Config.defaults(16));
        for (int i = 0; i < n; i++) {
            float[] v = new float[16];
            for (int j = 0; j < 16; j++) v[j] = (float) r.nextGaussian();
            m.add(v, i % 3 == 0 ? Label.UNSAFE : Label.SAFE, new byte[] {(byte) i, 1, 2});
        }
        m.recall(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        return m;
    }

    Checkpoints checkpoints() {
        return new Checkpoints(dir.resolve("agent/checkpoints"), keys, clock);
    }

    @Test
    void aCheckpointRestoresTheStateExactly() {
        PatternMemory m = memory(40);
        Checkpoints c = checkpoints();
        assertThat(c.latest()).isEmpty();
        DecisionRule rule = new DecisionRule(0.42, 0.9);
        c.write("all-MiniLM-L6-v2-q", m.snapshot(), rule, 0.25, 0.75, PoisonCheck.Config.defaults(), java.util.Set.of("ab12", "cd34"));
        Checkpoints.Contents back = c.latest().orElseThrow();
        assertThat(back.sequence()).isEqualTo(1);
        assertThat(back.written()).isEqualTo(clock.instant());
        assertThat(back.encoder()).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(back.rule()).isEqualTo(rule);
        assertThat(back.minSimilarity()).isEqualTo(0.25);
        assertThat(back.consistency()).isEqualTo(0.75);
        assertThat(back.ruled()).containsExactlyInAnyOrder("ab12", "cd34");
        assertThat(back.poison()).isEqualTo(PoisonCheck.Config.defaults());
        PatternMemory restored = PatternMemory.restore(back.memory());
        assertThat(restored.exemplars()).isEqualTo(m.exemplars());
        assertThat(back.memory().clock()).isEqualTo(m.snapshot().clock());
        for (int i = 0; i < 40; i++) {
            assertThat(back.memory().exemplars().get(i).unit()).containsExactly(m.snapshot().exemplars().get(i).unit());
            assertThat(back.memory().exemplars().get(i).key()).containsExactly((byte) i, 1, 2);
        }
        c.write("e", m.snapshot(), null, Double.NaN, Double.NaN, PoisonCheck.Config.defaults(), null);
        assertThat(c.latest().orElseThrow().rule()).isNull();
    }

    @Test
    void theNewestTenAreKept() {
        Checkpoints c = checkpoints();
        PatternMemory m = memory(3);
        for (int i = 0; i < 13; i++) c.write("e", m.snapshot(), null, Double.NaN, Double.NaN, PoisonCheck.Config.defaults(), null);
        assertThat(c.files()).hasSize(Checkpoints.KEEP);
        assertThat(c.files().get(0).getFileName().toString()).isEqualTo("checkpoint-000000000004.agck");
        assertThat(c.latest().orElseThrow().sequence()).isEqualTo(13);
        try (var s = Files.list(c.dir())) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTamperedTruncatedForeignOrOtherVersionCheckpointIsRefusedNamingTheProblem() throws IOException {
        Checkpoints c = checkpoints();
        Path file = c.write("e", memory(10).snapshot(), new DecisionRule(0.5, 1), 0.1, 0.5, PoisonCheck.Config.defaults(), null);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1; // inside an exemplar's vector
        Files.write(file, flipped);
        assertThatThrownBy(c::latest).isInstanceOf(InvalidInputException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("does not match its SHA-256 digest").hasMessageContaining("not loaded");

        Files.write(file, Arrays.copyOf(good, good.length - 40));
        assertThatThrownBy(c::latest).hasMessageContaining("truncated or altered");

        byte[] longer = Arrays.copyOf(good, good.length + 3);
        Files.write(file, longer);
        assertThatThrownBy(c::latest).hasMessageContaining("altered");

        Files.write(file, Arrays.copyOf(good, 20));
        assertThatThrownBy(c::latest).hasMessageContaining("is truncated");

        // a checkpoint this key signed whose settings this build refuses (as an older build might have written)
        Path odd = new Checkpoints(dir.resolve("odd"), keys, clock).write("e", memory(10).snapshot(), null, Double.NaN, Double.NaN,
                PoisonCheck.Config.defaults(), null);
        byte[] raw = Files.readAllBytes(odd);
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\"minPerClass\":60", "\"minPerClass\":20");
        assertThat(text).contains("\"minPerClass\":20");
        byte[] edited = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(odd, resign(edited));
        assertThatThrownBy(() -> new Checkpoints(dir.resolve("odd"), keys, clock).latest())
                .hasMessageContaining("has settings this build does not accept").hasMessageContaining("minPerClass must be >= 59")
                .hasMessageContaining("learn again into a new data directory");

        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(8, 2);
        Files.write(file, version);
        assertThatThrownBy(c::latest).hasMessageContaining("format version 2");

        Files.writeString(file, "not a checkpoint at all");
        assertThatThrownBy(c::latest).hasMessageContaining("is not an agent checkpoint");

        Files.write(file, good);
        Checkpoints foreign = new Checkpoints(c.dir(), LedgerKeys.generate(new SecureRandom()), clock);
        assertThatThrownBy(foreign::latest).hasMessageContaining("is not signed by this data directory's key");
        assertThat(c.latest()).isPresent();
    }

    /** Recomputes the digest and signature of an edited checkpoint (same layout), as the key's owner could. */
    byte[] resign(byte[] edited) {
        int sigLength = java.nio.ByteBuffer.wrap(edited, edited.length - 4, 4).getInt();
        int payloadEnd = edited.length - 4 - sigLength - 32;
        byte[] payload = Arrays.copyOf(edited, payloadEnd);
        byte[] digest = Checkpoints.sha256(payload);
        byte[] tag = Checkpoints.SIGNED_TAG.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] msg = Arrays.copyOf(tag, tag.length + 32);
        System.arraycopy(digest, 0, msg, tag.length, 32);
        byte[] sig = keys.sign(msg).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(payloadEnd + 32 + sig.length + 4);
        out.put(payload).put(digest).put(sig).putInt(sig.length);
        return out.array();
    }
}
