package dev.assay.agent.shell;

import java.util.List;

/**
 * A word after quote removal: {@code text} is its literal value with expansions written as in the source
 * ({@code $HOME}, {@code ${x}}, {@code $(...)}), {@code quoted} whether any part was quoted, {@code expanded}
 * whether it holds a parameter, arithmetic or command expansion (its value is then not known before it runs),
 * {@code glob} whether an unquoted {@code * ? [} may expand it, and {@code substitutions} the scripts of its command
 * and process substitutions, which run when the word is expanded.
 */
public record Word(String text, boolean quoted, boolean expanded, boolean glob, List<Script> substitutions) {
    public Word {
        substitutions = List.copyOf(substitutions);
    }

    /** A plain literal word. */
    public static Word literal(String text) {
        return new Word(text, false, false, false, List.of());
    }
}
