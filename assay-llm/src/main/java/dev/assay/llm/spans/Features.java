package dev.assay.llm.spans;

import dev.assay.llm.mushroom.MushroomRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-token features of one record. The model's token scores are made comparable across models by standardising them within
 * the record: the score is the surprisal {@code -log p} when the record's values are log-probabilities (all at most 0) and the
 * negated chosen-token logit otherwise (a low logit is an unsure choice); both are z-scored over the record's tokens. The rest
 * comes from the text: the word a token belongs to (its highest and mean score, its neighbours'), whether it looks like an
 * entity (capitalised, a number), whether the prompt already holds it, its length and position.
 */
final class Features {
    static final List<String> NAMES = List.of("z", "word_max_z", "word_mean_z", "word_first_z", "context_max_z", "rank", "capitalised",
            "digit", "in_prompt", "word_length", "short_word", "position", "punctuation", "han", "logprob_scores", "surprisal",
            "position_squared", "first_sentence", "new_capitalised", "new_digit", "new_content", "sentence_position");
    static final int WORD_MAX_Z = 1;

    final Alignment alignment;
    /** features[token][feature]; rows of tokens that produced no character are all zero and {@code usable[token]} false. */
    final double[][] x;
    final boolean[] usable;

    private Features(Alignment alignment, double[][] x, boolean[] usable) {
        this.alignment = alignment;
        this.x = x;
        this.usable = usable;
    }

    static boolean logProbabilities(double[] logits) {
        for (double v : logits) if (v > 1e-6) return false;
        return logits.length > 0;
    }

    static Features of(MushroomRecord r) {
        Alignment a = Alignment.of(r.text(), r.tokens());
        int n = r.tokens().size();
        double[] logits = r.logits();
        boolean logProbs = logProbabilities(logits);
        boolean[] usable = new boolean[n];
        double[] score = new double[n];
        Arrays.fill(score, Double.NaN);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            usable[i] = a.start[i] >= 0;
            if (i < logits.length) score[i] = -logits[i];
            if (usable[i] && !Double.isNaN(score[i])) {
                sum += score[i];
                count++;
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double ss = 0;
        for (int i = 0; i < n; i++) if (usable[i] && !Double.isNaN(score[i])) ss += (score[i] - mean) * (score[i] - mean);
        double sd = count < 2 ? 1 : Math.max(1e-6, Math.sqrt(ss / (count - 1)));
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = Double.isNaN(score[i]) ? 0 : Math.max(-4, Math.min(4, (score[i] - mean) / sd));
        double[] rank = ranks(z, usable);

        int[] text = a.text;
        int[] word = words(text, a, n);
        int words = 0;
        for (int w : word) words = Math.max(words, w + 1);
        double[] wMax = new double[words];
        double[] wSum = new double[words];
        double[] wFirst = new double[words];
        int[] wCount = new int[words];
        Arrays.fill(wMax, -4);
        Arrays.fill(wFirst, Double.NaN);
        int[] tokenWord = new int[n];
        for (int i = 0; i < n; i++) {
            tokenWord[i] = usable[i] ? word[a.start[i]] : -1;
            if (tokenWord[i] < 0) continue;
            int w = tokenWord[i];
            wMax[w] = Math.max(wMax[w], z[i]);
            wSum[w] += z[i];
            wCount[w]++;
            if (Double.isNaN(wFirst[w])) wFirst[w] = z[i];
        }
        String prompt = r.modelInput().toLowerCase(Locale.ROOT);
        double[][] x = new double[n][NAMES.size()];
        for (int i = 0; i < n; i++) {
            if (!usable[i]) continue;
            int w = tokenWord[i];
            double ctx = -4;
            for (int k = Math.max(0, w - 2); k <= Math.min(words - 1, w + 2); k++) if (wCount[k] > 0) ctx = Math.max(ctx, wMax[k]);
            int[] range = wordRange(word, w, a.start[i]);
            String wordText = new String(text, range[0], range[1] - range[0]);
            boolean letters = wordText.codePoints().anyMatch(Character::isLetterOrDigit);
            int firstCp = wordText.codePointAt(0);
            boolean sentenceStart = isSentenceStart(text, range[0]);
            double[] f = x[i];
            f[0] = z[i];
            f[1] = wMax[w];
            f[2] = wSum[w] / wCount[w];
            f[3] = wFirst[w];
            f[4] = ctx;
            f[5] = rank[i];
            f[6] = Character.isUpperCase(firstCp) && !sentenceStart ? 1 : 0;
            f[7] = wordText.codePoints().anyMatch(Character::isDigit) ? 1 : 0;
            f[8] = letters && inPrompt(prompt, text, range, wordText) ? 1 : 0;
            f[9] = Math.log1p(wordText.codePointCount(0, wordText.length()));
            f[10] = letters && wordText.codePointCount(0, wordText.length()) <= 3 && !isHan(firstCp) ? 1 : 0;
            f[11] = text.length == 0 ? 0 : (double) a.start[i] / text.length;
            f[12] = letters ? 0 : 1;
            f[13] = isHan(firstCp) ? 1 : 0;
            f[14] = logProbs ? 1 : 0;
            f[15] = logProbs && i < logits.length ? Math.min(10, -logits[i]) / 10 : 0;
            f[16] = f[11] * f[11];
            int sentence = sentenceIndex(text, range[0]);
            f[17] = sentence == 0 ? 1 : 0;
            f[18] = f[6] * (1 - f[8]);
            f[19] = f[7] * (1 - f[8]);
            f[20] = letters && f[10] == 0 && f[8] == 0 ? 1 : 0;
            f[21] = Math.min(sentence, 5) / 5.0;
        }
        return new Features(a, x, usable);
    }

    /**
     * A word id for each character: maximal runs of letters, digits and marks; a Han, kana or Hangul character is a word per
     * token (those scripts have no spaces); whitespace and punctuation are each their own word.
     */
    static int[] words(int[] text, Alignment a, int tokens) {
        int[] tokenOf = new int[text.length];
        Arrays.fill(tokenOf, -1);
        for (int i = 0; i < tokens; i++) if (a.start[i] >= 0) for (int k = a.start[i]; k < a.end[i]; k++) if (tokenOf[k] < 0) tokenOf[k] = i;
        int[] word = new int[text.length];
        int id = -1;
        for (int k = 0; k < text.length; k++) {
            int c = text[k];
            boolean wordChar = isWordChar(c);
            boolean join = k > 0 && wordChar && isWordChar(text[k - 1]) && !(isHan(c) && tokenOf[k] != tokenOf[k - 1])
                    && !(isHan(c) != isHan(text[k - 1]));
            if (!join) id++;
            word[k] = id;
        }
        return word;
    }

    static int[] wordRange(int[] word, int w, int at) {
        int s = at;
        while (s > 0 && word[s - 1] == w) s--;
        int e = at;
        while (e < word.length && word[e] == w) e++;
        return new int[] {s, e};
    }

    static boolean isWordChar(int c) {
        int t = Character.getType(c);
        return Character.isLetterOrDigit(c) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    static boolean isHan(int c) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HANGUL;
    }

    /**
     * Whether the prompt holds the word (ignoring case); a single Han character counts when the prompt holds it together
     * with the character before or after it (those scripts write words without spaces).
     */
    static boolean inPrompt(String prompt, int[] text, int[] range, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.codePointCount(0, w.length()) >= 2) return prompt.contains(w);
        if (!isHan(text[range[0]])) return false;
        if (range[0] > 0 && isHan(text[range[0] - 1]) && prompt.contains(new String(text, range[0] - 1, 2))) return true;
        return range[1] < text.length && isHan(text[range[1]]) && prompt.contains(new String(text, range[0], 2));
    }

    /** How many sentence ends ('.', '!', '?', '。', newline) come before {@code at}. */
    static int sentenceIndex(int[] text, int at) {
        int n = 0;
        for (int k = 0; k < at; k++) {
            int c = text[k];
            boolean end = c == '!' || c == '?' || c == '\u3002' || c == '\n' || c == '.' && (k + 1 >= text.length || Character.isWhitespace(text[k + 1]));
            if (end) n++;
        }
        return n;
    }

    private static boolean isSentenceStart(int[] text, int at) {
        int k = at - 1;
        while (k >= 0 && (Character.isWhitespace(text[k]) || text[k] == '"' || text[k] == '\'' || text[k] == '(')) k--;
        return k < 0 || text[k] == '.' || text[k] == '!' || text[k] == '?' || text[k] == ':' || text[k] == '\n';
    }

    private static double[] ranks(double[] z, boolean[] usable) {
        int m = 0;
        for (boolean u : usable) if (u) m++;
        double[] r = new double[z.length];
        if (m < 2) return r;
        for (int i = 0; i < z.length; i++) {
            if (!usable[i]) continue;
            int below = 0;
            int same = 0;
            for (int j = 0; j < z.length; j++) {
                if (!usable[j]) continue;
                if (z[j] < z[i]) below++;
                else if (z[j] == z[i]) same++;
            }
            r[i] = (below + (same - 1) / 2.0) / (m - 1);
        }
        return r;
    }
}
