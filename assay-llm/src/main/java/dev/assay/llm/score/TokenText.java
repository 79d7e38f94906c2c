package dev.assay.llm.score;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a chat completion's tokens spell its text ({@code message.content}), so that the scores describe the text
 * the caller holds. The tokens' bytes are joined ({@code bytes} when the provider gives it; a token written as escaped
 * non-ASCII bytes, {@code \xe2\x80} or vLLM's {@code bytes:\xe2\x80}, as those bytes; else its UTF-8) and decoded as
 * UTF-8, so a character split over tokens is whole again. Then compared code point by code point with the content,
 * forgiving only what providers are known to do without changing the text:
 * <ul>
 *   <li>whitespace at either end (some strip the content, some the first token's space);</li>
 *   <li>trailing special tokens that are not text ({@code <|eot_id|>}, {@code <|im_end|>}, {@code </s>}, {@code <eos>},
 *       {@code <end_of_turn>}), when the content does not hold them;</li>
 *   <li>with {@code finish_reason: length}, a final token missing from the log-probabilities: the content may go on past
 *       the tokens by one piece without inner whitespace of at most {@value #MAX_MISSING_TAIL} characters.</li>
 * </ul>
 * Anything else is a {@link ScoreInputException.Problem#TOKEN_TEXT_MISMATCH} naming the first character (code point of
 * the content) and the token where they differ. O(bytes of the tokens + length of the content).
 */
final class TokenText {
    /** The longest content tail a missing final token may account for (code points). */
    static final int MAX_MISSING_TAIL = 48;
    private static final Pattern ESCAPED_BYTES = Pattern.compile("(?:bytes:)?(?:\\\\x[0-9a-fA-F]{2})+");
    private static final Pattern SPECIAL = Pattern.compile("<\\|[A-Za-z0-9_.:\\- ]{1,40}\\|>|</?s>|<(?:eos|bos|pad|eot|end_of_turn|start_of_turn)>");
    private static final int EXCERPT = 24;

    private TokenText() {}

    /**
     * Checks that {@code tokens} spell {@code content}.
     *
     * @param tokens       the tokens as given
     * @param bytes        per token its UTF-8 bytes when the provider gave them (an entry may be null), or null
     * @param content      the response's text
     * @param finishReason why generation stopped, or null
     */
    static void check(List<String> tokens, List<byte[]> bytes, String content, String finishReason) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int[] ownerOfByte = new int[16];
        int nb = 0;
        for (int k = 0; k < tokens.size(); k++) {
            byte[] b = bytes == null || bytes.get(k) == null ? bytesOf(tokens.get(k)) : bytes.get(k);
            joined.writeBytes(b);
            if (nb + b.length > ownerOfByte.length) ownerOfByte = java.util.Arrays.copyOf(ownerOfByte, Math.max(2 * ownerOfByte.length, nb + b.length));
            for (int x = 0; x < b.length; x++) ownerOfByte[nb++] = k;
        }
        byte[] all = joined.toByteArray();
        // decode, remembering the token each code point starts in
        int[] cps = new int[all.length];
        int[] owner = new int[all.length];
        int n = 0;
        for (int p = 0; p < all.length; ) {
            int len = sequenceLength(all, p);
            int cp = len == 0 ? 0xFFFD : new String(all, p, len, StandardCharsets.UTF_8).codePointAt(0);
            cps[n] = cp;
            owner[n++] = ownerOfByte[p];
            p += Math.max(1, len);
        }
        int[] text = content.codePoints().toArray();
        int i = 0;
        int j = 0;
        while (i < n && Character.isWhitespace(cps[i])) i++;
        while (j < text.length && Character.isWhitespace(text[j])) j++;
        while (i < n && j < text.length && cps[i] == text[j]) {
            i++;
            j++;
        }
        boolean tokensDone = trailingNonText(cps, owner, n, i, tokens);
        boolean textDone = blank(text, j, text.length);
        if (tokensDone && textDone) return;
        if (tokensDone && "length".equals(finishReason) && oneMissingToken(text, j)) return;
        String at = i < n ? "token " + owner[i] : "after the last token";
        String tail = "length".equals(finishReason) && tokensDone
                ? " (with finish_reason length one final token may be missing, but the content goes on for " + (text.length - j) + " more characters)"
                : "";
        throw new ScoreInputException(ScoreInputException.Problem.TOKEN_TEXT_MISMATCH, String.format(Locale.ROOT,
                "the tokens do not spell message.content: they differ at character %d of the content (%s): the tokens give %s where the"
                        + " content has %s%s; the log-probabilities are not those of this text", j, at, excerpt(cps, i, n), excerpt(text, j, text.length), tail));
    }

    /** Whether the tokens from code point {@code i} on are whitespace or whole special tokens. */
    private static boolean trailingNonText(int[] cps, int[] owner, int n, int i, List<String> tokens) {
        if (blank(cps, i, n)) return true;
        int first = i;
        while (first < n && Character.isWhitespace(cps[first])) first++;
        int k = owner[first];
        // the rest must start on a token's first code point
        if (first > 0 && owner[first - 1] == k && !Character.isWhitespace(cps[first - 1])) return false;
        for (int t = k; t < tokens.size(); t++) {
            String s = tokens.get(t);
            if (!s.isBlank() && !SPECIAL.matcher(s.strip()).matches()) return false;
        }
        return true;
    }

    private static boolean oneMissingToken(int[] text, int j) {
        int p = j;
        while (p < text.length && Character.isWhitespace(text[p])) p++;
        int end = text.length;
        while (end > p && Character.isWhitespace(text[end - 1])) end--;
        if (end - p < 1 || end - p > MAX_MISSING_TAIL) return false;
        for (int x = p; x < end; x++) if (Character.isWhitespace(text[x])) return false;
        return true;
    }

    private static boolean blank(int[] cps, int from, int to) {
        for (int x = from; x < to; x++) if (!Character.isWhitespace(cps[x])) return false;
        return true;
    }

    /**
     * A token's bytes: a token that is nothing but escaped bytes of which none is ASCII (a piece of a character, which
     * is the only reason to escape) as those bytes, anything else as UTF-8, so that text such as {@code \x41} stays text.
     */
    static byte[] bytesOf(String token) {
        if (token.indexOf('\\') < 0 || !ESCAPED_BYTES.matcher(token).matches()) return token.getBytes(StandardCharsets.UTF_8);
        String hex = token.startsWith("bytes:") ? token.substring(6) : token;
        byte[] b = new byte[hex.length() / 4];
        for (int x = 0; x < b.length; x++) {
            int v = Integer.parseInt(hex.substring(4 * x + 2, 4 * x + 4), 16);
            if (v < 0x80) return token.getBytes(StandardCharsets.UTF_8);
            b[x] = (byte) v;
        }
        return b;
    }

    /** The length of the well-formed UTF-8 sequence at {@code p}, 0 when it is not one. */
    private static int sequenceLength(byte[] b, int p) {
        int c = b[p] & 0xFF;
        int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || p + len > b.length) return 0;
        for (int x = 1; x < len; x++) if ((b[p + x] & 0xC0) != 0x80) return 0;
        if (len == 3 && ((c == 0xE0 && (b[p + 1] & 0xFF) < 0xA0) || (c == 0xED && (b[p + 1] & 0xFF) > 0x9F))) return 0;
        if (len == 4 && ((c == 0xF0 && (b[p + 1] & 0xFF) < 0x90) || (c == 0xF4 && (b[p + 1] & 0xFF) > 0x8F))) return 0;
        return len;
    }

    private static String excerpt(int[] cps, int from, int to) {
        if (from >= to) return "nothing more";
        StringBuilder s = new StringBuilder("'");
        int end = Math.min(to, from + EXCERPT);
        for (int x = from; x < end; x++) {
            int c = cps[x];
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\'' -> s.append("\\'");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) s.append(String.format(Locale.ROOT, "\\u%04x", c));
                    else s.appendCodePoint(c);
                }
            }
        }
        return s.append(end < to ? "...'" : "'").toString();
    }
}
