package dev.assay.llm.spans;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tokens placed on the output text: for each token the code-point range {@code [start, end)} of the text characters it
 * produced (leading and trailing whitespace left out; {@code start == end == -1} for a token that produced none, such as
 * {@code <|endoftext|>}).
 *
 * <p>Each token is turned into bytes first: byte-level BPE tokens ({@code Ġ}, {@code Ċ}, {@code Ã©} ...) through the GPT-2
 * byte-to-character table, SentencePiece tokens with {@code ▁} as a space and {@code <0xNN>} as a byte. Both readings are
 * tried and the one that places more characters wins. The bytes are decoded as UTF-8 across token boundaries, so a
 * character split over several byte tokens belongs to all of them. The characters are then matched greedily against the
 * text: a token's whitespace the text lacks is skipped, whitespace of the text no token produced is skipped, a character
 * not found within a few positions ahead is dropped. Nothing here throws on a mismatch; {@link #aligned()} says how many
 * characters of the text some token covers.
 */
final class Alignment {
    static final int LOOKAHEAD = 4;
    private static final Pattern SPECIAL = Pattern.compile("<\\|?[A-Za-z_/][^<>\\s]{0,30}\\|?>|\\[[A-Z_]{2,10}]");
    private static final Pattern HEX_BYTE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    private static final int[] UNICODE_TO_BYTE = unicodeToByte();

    final int[] text;
    final int[] start;
    final int[] end;
    final int aligned;

    private Alignment(int[] text, int[] start, int[] end, int aligned) {
        this.text = text;
        this.start = start;
        this.end = end;
        this.aligned = aligned;
    }

    int aligned() {
        return aligned;
    }

    static Alignment of(String text, List<String> tokens) {
        int[] cps = text.codePoints().toArray();
        Alignment plain = align(cps, decode(tokens, false));
        Pieces bytes = decode(tokens, true);
        if (bytes == null) return plain;
        Alignment bpe = align(cps, bytes);
        return bpe.aligned > plain.aligned ? bpe : plain;
    }

    /** Each token's code points; {@code sharedFirst[i]} when token i's first code point was completed from bytes of earlier tokens. */
    record Pieces(List<int[]> cps, boolean[] sharedFirst) {
    }

    /**
     * The code points each token produced, decoding UTF-8 across tokens; null in byte-level mode when some token has a
     * character outside the GPT-2 byte table. A character whose bytes span tokens belongs to each of them.
     */
    static Pieces decode(List<String> tokens, boolean byteLevel) {
        List<byte[]> raw = new ArrayList<>();
        for (String t : tokens) {
            byte[] b = byteLevel ? byteLevelBytes(t) : pieceBytes(t);
            if (b == null) return null;
            raw.add(b);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        List<int[]> out = new ArrayList<>();
        boolean[] sharedFirst = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) out.add(new int[0]);
        byte[] pending = new byte[0];
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            byte[] b = raw.get(i);
            if (b.length == 0) continue;
            byte[] all = java.util.Arrays.copyOf(pending, pending.length + b.length);
            System.arraycopy(b, 0, all, pending.length, b.length);
            boolean earlier = !owners.isEmpty();
            owners.add(i);
            int complete = completePrefix(all);
            int[] cps = new int[0];
            if (complete > 0) {
                dec.reset();
                CharBuffer chars = CharBuffer.allocate(complete * 2 + 2);
                dec.decode(ByteBuffer.wrap(all, 0, complete), chars, true);
                dec.flush(chars);
                chars.flip();
                cps = chars.toString().codePoints().toArray();
            }
            if (cps.length > 0) {
                if (earlier) {
                    // the first owner began the character; every later one (this token included) shares it as its first
                    for (int k = 0; k < owners.size(); k++) {
                        int owner = owners.get(k);
                        if (owner != i) out.set(owner, concat(out.get(owner), new int[] {cps[0]}));
                        if (k > 0) sharedFirst[owner] = true;
                    }
                }
                out.set(i, concat(out.get(i), cps));
                owners.clear();
            }
            pending = java.util.Arrays.copyOfRange(all, complete, all.length);
            if (pending.length > 0 && owners.isEmpty()) owners.add(i);
        }
        return new Pieces(out, sharedFirst);
    }

    /** How many leading bytes of {@code b} end on a character boundary: a trailing incomplete UTF-8 sequence is held back. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int x = b[n - back] & 0xFF;
            if ((x & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead byte
            int need = x >= 0xF0 && x <= 0xF7 ? 4 : x >= 0xE0 ? 3 : x >= 0xC0 ? 2 : 1;
            if (x < 0xC0 || x > 0xF7) return n;
            return need > back ? n - back : n;
        }
        return n;
    }

    static Alignment align(int[] text, Pieces pieces) {
        int n = pieces.cps().size();
        int[] start = new int[n];
        int[] end = new int[n];
        boolean[] covered = new boolean[text.length];
        int p = 0;
        // covered: characters some token produced (whitespace included); start/end leave whitespace at a token's ends out
        int lastMatch = -1;
        for (int i = 0; i < n; i++) {
            int first = -1;
            int last = -1;
            int q = p;
            int[] piece = pieces.cps().get(i);
            int from = 0;
            if (pieces.sharedFirst()[i] && piece.length > 0 && lastMatch >= 0 && text[lastMatch] == piece[0]) {
                // the character completed by this token was matched already for the token that began it
                if (!Character.isWhitespace(text[lastMatch])) {
                    first = lastMatch;
                    last = lastMatch;
                }
                from = 1;
            }
            for (int j = from; j < piece.length; j++) {
                int c = piece[j];
                int at = -1;
                if (q < text.length && text[q] == c) {
                    at = q;
                } else if (Character.isWhitespace(c)) {
                    continue;
                } else {
                    int s = q;
                    while (s < text.length && Character.isWhitespace(text[s])) s++;
                    for (int k = s; k < Math.min(text.length, s + LOOKAHEAD + 1); k++) {
                        if (text[k] == c) {
                            at = k;
                            break;
                        }
                    }
                }
                if (at < 0) continue;
                q = at + 1;
                lastMatch = at;
                covered[at] = true;
                if (!Character.isWhitespace(text[at])) {
                    if (first < 0) first = at;
                    last = at;
                }
            }
            p = q;
            start[i] = first < 0 ? -1 : first;
            end[i] = first < 0 ? -1 : last + 1;
        }
        int aligned = 0;
        for (boolean b : covered) if (b) aligned++;
        return new Alignment(text, start, end, aligned);
    }

    /** A SentencePiece or plain token's bytes: {@code ▁} is a space, {@code <0xNN>} one byte, special tokens nothing. */
    static byte[] pieceBytes(String token) {
        if (HEX_BYTE.matcher(token).matches()) return new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)};
        if (SPECIAL.matcher(token).matches()) return new byte[0];
        return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** A byte-level BPE token's bytes through the GPT-2 table, or null when it has a character outside the table. */
    static byte[] byteLevelBytes(String token) {
        if (SPECIAL.matcher(token).matches()) return new byte[0];
        int[] cps = token.codePoints().toArray();
        byte[] out = new byte[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c >= UNICODE_TO_BYTE.length || UNICODE_TO_BYTE[c] < 0) return null;
            out[i] = (byte) UNICODE_TO_BYTE[c];
        }
        return out;
    }

    /** The inverse of GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the rest are 256 + k. */
    private static int[] unicodeToByte() {
        int[] table = new int[512];
        java.util.Arrays.fill(table, -1);
        int k = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            if (printable) {
                table[b] = b;
            } else {
                table[256 + k] = b;
                k++;
            }
        }
        return table;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
