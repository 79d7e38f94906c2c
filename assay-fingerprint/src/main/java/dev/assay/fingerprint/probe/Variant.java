package dev.assay.fingerprint.probe;

import dev.assay.core.InvalidInputException;
import java.util.Locale;

/**
 * Adversarial variants of a probe: the same request, with a constraint or a perturbation that stresses how a
 * particular model follows instructions or reads noisy text. Each variant is a new probe with id
 * {@code <id>~<slug>} (instruction variants) or {@code <id>~<slug>.<seed>} (seeded character-level variants).
 * Whether a variant separates models better than its original can only be measured by asking live models.
 */
public enum Variant {
    /** Appends "Answer in one word." */
    ONE_WORD("one-word", false),
    /** Appends an instruction to answer with one JSON object only. */
    JSON("json", false),
    /** Appends a format constraint: a numbered list of at most three items. */
    FORMAT("format", false),
    /** Appends two instructions that conflict (as detailed as possible, under ten words). */
    CONFLICT("conflict", false),
    /** Prefixes an irrelevant statement the answer should ignore. */
    DISTRACTOR("distractor", false),
    /** Flips the case of about one ASCII letter in seven (at least one). */
    CASE("case", true),
    /** Doubles about one space in four (at least one), and ends the prompt with a newline. */
    WHITESPACE("whitespace", true),
    /** Swaps two adjacent inner letters in about one word in six of four ASCII letters or more (at least one): ASCII only, no homoglyphs. */
    TYPOS("typos", true);

    private final String slug;
    private final boolean seeded;

    Variant(String slug, boolean seeded) {
        this.slug = slug;
        this.seeded = seeded;
    }

    /** The name in derived ids and on the command line. */
    public String slug() {
        return slug;
    }

    /** Whether the variant depends on the seed (character-level perturbations). */
    public boolean seeded() {
        return seeded;
    }

    /** The variant named {@code name} (its slug or enum name, any case). */
    public static Variant parse(String name) {
        for (Variant v : values()) {
            if (v.slug.equalsIgnoreCase(name) || v.name().equalsIgnoreCase(name.replace('-', '_'))) return v;
        }
        throw new InvalidInputException("unknown variant " + name + " (expected one of "
                + java.util.Arrays.stream(values()).map(Variant::slug).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
