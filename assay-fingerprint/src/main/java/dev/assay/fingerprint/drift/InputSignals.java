package dev.assay.fingerprint.drift;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Adversarial markers of one input, kept instead of the input itself so the history stays small.
 *
 * @param injection  a prompt-injection phrase or a chat role tag
 * @param invisible  zero-width, bidirectional-control or Unicode tag characters
 * @param homoglyph  a word mixing Latin letters with Cyrillic or Greek ones
 * @param repetition a run of at least {@value #REPEAT_RUN} identical consecutive tokens
 * @param blob       a base64-like run of at least {@value #BLOB_LENGTH} characters
 * @param length     the input's length in characters
 */
record InputSignals(boolean injection, boolean invisible, boolean homoglyph, boolean repetition, boolean blob,
                    int length) {
    static final int REPEAT_RUN = 10;
    static final int BLOB_LENGTH = 40;

    private static final List<String> PHRASES = List.of("ignore previous instructions", "ignore all previous",
            "ignore the above", "disregard previous", "disregard all previous", "forget your instructions",
            "system prompt", "you are now", "developer mode", "do anything now", "jailbreak");
    private static final Pattern ROLE_TAG = Pattern.compile(
            "<\\|[a-z_]{2,20}\\|>|\\[/?inst]|<</?sys>>|</?(system|assistant|user)>|(?m)^\\s*#*\\s*(system|assistant)\\s*:");
    private static final Pattern BLOB = Pattern.compile("[A-Za-z0-9+/]{" + BLOB_LENGTH + ",}={0,2}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Scans one input. */
    static InputSignals scan(String input) {
        String lower = SPACES.matcher(input.toLowerCase(Locale.ROOT)).replaceAll(" ");
        boolean injection = PHRASES.stream().anyMatch(lower::contains)
                || ROLE_TAG.matcher(input.toLowerCase(Locale.ROOT)).find();
        return new InputSignals(injection, hasInvisible(input), hasMixedScriptWord(input), hasRepeatedRun(input),
                hasBlob(input), input.length());
    }

    /** Whether any marker is set (length is judged against the history elsewhere). */
    boolean suspicious() {
        return injection || invisible || homoglyph || repetition || blob;
    }

    static boolean hasInvisible(String s) {
        return s.codePoints().anyMatch(c -> (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF
                || (c >= 0xE0000 && c <= 0xE007F));
    }

    static boolean hasMixedScriptWord(String s) {
        boolean latin = false;
        boolean other = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (!Character.isLetter(c)) {
                latin = false;
                other = false;
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            latin |= script == Character.UnicodeScript.LATIN;
            other |= script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK;
            if (latin && other) {
                return true;
            }
        }
        return false;
    }

    static boolean hasRepeatedRun(String s) {
        String[] tokens = SPACES.split(s.strip());
        int run = 1;
        for (int i = 1; i < tokens.length; i++) {
            run = !tokens[i].isEmpty() && tokens[i].equals(tokens[i - 1]) ? run + 1 : 1;
            if (run >= REPEAT_RUN) {
                return true;
            }
        }
        return false;
    }

    static boolean hasBlob(String s) {
        var m = BLOB.matcher(s);
        while (m.find()) {
            String run = m.group();
            boolean digit = run.chars().anyMatch(Character::isDigit);
            boolean upper = run.chars().anyMatch(Character::isUpperCase);
            boolean lowerCase = run.chars().anyMatch(Character::isLowerCase);
            if (digit && upper && lowerCase) {
                return true;
            }
        }
        return false;
    }
}
