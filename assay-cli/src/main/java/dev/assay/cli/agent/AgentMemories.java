package dev.assay.cli.agent;

import dev.assay.agent.checkpoint.Checkpoints;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.learned.InteractionEncoder;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.models.embed.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The learned memory of a data directory: its checkpoints, signed with the directory's ledger key. */
public final class AgentMemories {
    private AgentMemories() {}

    public static Checkpoints checkpoints(Path dataDir, Clock clock) {
        return new Checkpoints(GuardMemory.directory(dataDir), LedgerKeys.loadOrCreate(dataDir), clock);
    }

    /** True when {@code dataDir} holds a learned memory. */
    static boolean present(Path dataDir) {
        Path dir = GuardMemory.directory(dataDir);
        if (!Files.isDirectory(dir)) return false;
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".agck"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The data directory's memory; null when it has none (the guard then decides by its rules alone). */
    static GuardMemory openIfPresent(Path dataDir, Clock clock) {
        if (!present(dataDir)) return null;
        return open(dataDir, clock);
    }

    /** The data directory's memory, or an empty one. The embedding model loads when first needed. */
    public static GuardMemory open(Path dataDir, Clock clock) {
        return GuardMemory.open(checkpoints(dataDir, clock), InteractionEncoder.MINILM_ID, InteractionEncoder.MINILM_DIMENSION,
                () -> new InteractionEncoder(EmbeddingModel.miniLmL6V2Quantized()));
    }
}
