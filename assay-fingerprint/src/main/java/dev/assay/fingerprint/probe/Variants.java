package dev.assay.fingerprint.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The transformations behind {@link Variant}: deterministic for a probe, a kind and a seed. */
final class Variants {
    static final String ONE_WORD = "\n\nAnswer in one word.";
    static final String JSON = "\n\nReply with a single JSON object of the form {\"answer\": ...} and nothing else.";
    static final String FORMAT = "\n\nFormat your answer as a numbered list of at most three items.";
    static final String CONFLICT = "\n\nBe as detailed as you can. Keep your whole answer under ten words.";
    static final String DISTRACTOR = "Note: the office coffee machine is being repaired today; this has nothing to do with the request below.\n\n";

    private Variants() {}

    /** The variant of {@code p}, or null when a character-level variant would leave the prompt unchanged. */
    static Probe apply(Variant v, Probe p, long seed) {
        String prompt = p.prompt();
        String out = switch (v) {
            case ONE_WORD -> prompt + ONE_WORD;
            case JSON -> prompt + JSON;
            case FORMAT -> prompt + FORMAT;
            case CONFLICT -> prompt + CONFLICT;
            case DISTRACTOR -> DISTRACTOR + prompt;
            case CASE -> flipCase(prompt, rng(v, p, seed));
            case WHITESPACE -> whitespace(prompt, rng(v, p, seed));
            case TYPOS -> typos(prompt, rng(v, p, seed));
        };
        if (out.equals(prompt)) return null;
        return new Probe(p.id() + "~" + v.slug() + (v.seeded() ? "." + seed : ""), out);
    }

    private static SplittableRandom rng(Variant v, Probe p, long seed) {
        return new SplittableRandom(Ranks.of(seed, v.slug() + "\u0000" + p.id()));
    }

    static String flipCase(String s, SplittableRandom rng) {
        char[] c = s.toCharArray();
        List<Integer> letters = new ArrayList<>();
        for (int i = 0; i < c.length; i++) if (c[i] < 128 && Character.isLetter(c[i])) letters.add(i);
        if (letters.isEmpty()) return s;
        boolean any = false;
        for (int i : letters) {
            if (rng.nextInt(7) == 0) {
                c[i] = flip(c[i]);
                any = true;
            }
        }
        if (!any) {
            int i = letters.get(rng.nextInt(letters.size()));
            c[i] = flip(c[i]);
        }
        return new String(c);
    }

    private static char flip(char x) {
        return Character.isUpperCase(x) ? Character.toLowerCase(x) : Character.toUpperCase(x);
    }

    static String whitespace(String s, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        List<Integer> spaces = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ' ') spaces.add(i);
        int forced = spaces.isEmpty() ? -1 : spaces.get(rng.nextInt(spaces.size()));
        for (int i = 0; i < s.length(); i++) {
            sb.append(s.charAt(i));
            if (s.charAt(i) == ' ' && (i == forced || rng.nextInt(4) == 0)) sb.append(' ');
        }
        return sb.append('\n').toString();
    }

    static String typos(String s, SplittableRandom rng) {
        char[] c = s.toCharArray();
        List<int[]> words = new ArrayList<>();
        int i = 0;
        while (i < c.length) {
            if (isAsciiLetter(c[i])) {
                int j = i;
                while (j < c.length && isAsciiLetter(c[j])) j++;
                if (j - i >= 4) words.add(new int[] {i, j});
                i = j;
            } else {
                i++;
            }
        }
        if (words.isEmpty()) return s;
        int forced = rng.nextInt(words.size());
        for (int w = 0; w < words.size(); w++) {
            if (w != forced && rng.nextInt(6) != 0) continue;
            int start = words.get(w)[0];
            int end = words.get(w)[1];
            // swap two adjacent inner letters (never the first or last), picking a pair that differs when there is one
            int pairs = end - start - 3;
            int at = start + 1 + rng.nextInt(pairs);
            for (int k = 0; k < pairs && c[at] == c[at + 1]; k++) at = start + 1 + (at - start) % pairs;
            char t = c[at];
            c[at] = c[at + 1];
            c[at + 1] = t;
        }
        return new String(c);
    }

    private static boolean isAsciiLetter(char x) {
        return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z');
    }
}
