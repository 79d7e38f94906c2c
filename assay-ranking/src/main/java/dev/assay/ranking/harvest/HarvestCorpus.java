package dev.assay.ranking.harvest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A named list of distinct text passages to embed and index.
 *
 * @param name     where the passages came from
 * @param passages distinct, non-blank passages in load order
 */
public record HarvestCorpus(String name, List<String> passages) {
    /** Passages shorter than this many characters are dropped (tool-call stubs, "ok"). */
    public static final int MIN_CHARS = 20;
    /** Passages are cut to this many characters (MiniLM reads at most 256 word pieces). */
    public static final int MAX_CHARS = 600;

    private static final ObjectMapper JSON = new ObjectMapper();

    public HarvestCorpus {
        Objects.requireNonNull(name, "name");
        passages = List.copyOf(passages);
        if (passages.isEmpty()) throw new InvalidInputException("corpus " + name + " has no passages");
    }

    /**
     * Passages of the R-Judge agent-safety records ({@code guard/rjudge.json}): every user message,
     * agent thought and environment observation.
     */
    public static HarvestCorpus rjudge(Path file) {
        JsonNode root = readJson(file);
        if (!root.isArray()) throw new InvalidInputException(file + ": expected a JSON array of R-Judge records");
        var texts = new LinkedHashSet<String>();
        for (JsonNode record : root) {
            for (JsonNode turn : record.path("contents")) {
                for (JsonNode message : turn) {
                    add(texts, message.path("content").asText(""));
                    add(texts, message.path("thought").asText(""));
                }
            }
        }
        return new HarvestCorpus("rjudge", new ArrayList<>(texts));
    }

    /** Model inputs and outputs of the Mu-SHROOM validation files ({@code *.jsonl} in {@code dir}, by name). */
    public static HarvestCorpus mushroom(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new InvalidInputException("no .jsonl files in " + dir);
        var texts = new LinkedHashSet<String>();
        for (Path f : files) {
            forEachLine(f, node -> {
                add(texts, node.path("model_input").asText(""));
                add(texts, node.path("model_output_text").asText(""));
            });
        }
        return new HarvestCorpus("mushroom", new ArrayList<>(texts));
    }

    /** One passage per line of a JSON Lines file, from each object's {@code text} field. */
    public static HarvestCorpus jsonl(Path file) {
        var texts = new LinkedHashSet<String>();
        forEachLine(file, node -> {
            if (!node.path("text").isTextual()) throw new InvalidInputException("object has no string field \"text\"");
            add(texts, node.path("text").asText());
        });
        return new HarvestCorpus(file.getFileName().toString(), new ArrayList<>(texts));
    }

    /**
     * Holds out {@code queries} passages as queries and keeps at most {@code maxDocuments} of the rest
     * as documents, after a shuffle seeded by {@code seed}.
     */
    public Split split(int queries, int maxDocuments, long seed) {
        if (queries < 1) throw new InvalidInputException("queries must be >= 1, but was " + queries);
        if (maxDocuments < 1) throw new InvalidInputException("maxDocuments must be >= 1, but was " + maxDocuments);
        if (queries >= passages.size()) {
            throw new InvalidInputException("queries must be fewer than the " + passages.size()
                    + " passages of corpus " + name + ", but was " + queries);
        }
        int[] order = new int[passages.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        var random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<String> q = new ArrayList<>(queries);
        List<String> d = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            if (i < queries) q.add(passages.get(order[i]));
            else if (d.size() < maxDocuments) d.add(passages.get(order[i]));
        }
        return new Split(name, d, q, seed);
    }

    /**
     * Documents to index and held-out queries.
     *
     * @param corpus    corpus name
     * @param documents passages to index
     * @param queries   held-out passages used as queries
     * @param seed      seed of the shuffle that split them
     */
    public record Split(String corpus, List<String> documents, List<String> queries, long seed) {
        public Split {
            Objects.requireNonNull(corpus, "corpus");
            documents = List.copyOf(documents);
            queries = List.copyOf(queries);
            if (documents.isEmpty()) throw new InvalidInputException("split of " + corpus + " has no documents");
            if (queries.isEmpty()) throw new InvalidInputException("split of " + corpus + " has no queries");
        }
    }

    private static void add(LinkedHashSet<String> texts, String raw) {
        String t = raw.strip().replaceAll("\\s+", " ");
        if (t.length() < MIN_CHARS) return;
        texts.add(t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t);
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private interface LineConsumer {
        void accept(JsonNode node);
    }

    private static void forEachLine(Path file, LineConsumer consumer) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                consumer.accept(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": not a JSON object: " + e.getOriginalMessage(), e);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
    }
}
