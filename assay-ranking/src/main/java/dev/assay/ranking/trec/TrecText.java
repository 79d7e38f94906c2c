package dev.assay.ranking.trec;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Whole-file byte access and the field scanner shared by the qrels and run parsers: no regex, no
 * {@code String.split}, one pass over the (decompressed) bytes.
 */
final class TrecText {
    static final int MAX_FIELDS = 6;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private TrecText() {}

    /** The file's bytes, gunzipped when it starts with the gzip magic bytes 1f 8b. */
    static byte[] readAll(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TrecFormatException(file.toString(), 0, "file not found");
        } catch (IOException e) {
            throw new TrecFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        return decode(raw, file.toString());
    }

    /** Receives a file's text in chunks of whole lines: {@code buf[0, to)}; the buffer is reused after the call. */
    interface LineChunks {
        void accept(byte[] buf, int to);
    }

    /** First size of the chunk buffer; it doubles when one line does not fit. */
    static final int CHUNK = 1 << 20;

    /**
     * Reads the file (gunzipped when it starts with the gzip magic bytes 1f 8b) in chunks of about {@link #CHUNK}
     * bytes that end at a line's end, so that a file of any size is read in bounded memory (one chunk plus the
     * longest line).
     */
    static void readLines(Path file, LineChunks sink) {
        String source = file.toString();
        try (InputStream raw = Files.newInputStream(file)) {
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            InputStream src = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
            byte[] buf = new byte[CHUNK];
            int filled = 0;
            while (true) {
                filled += src.readNBytes(buf, filled, buf.length - filled);
                if (filled < buf.length) {
                    if (filled > 0) {
                        sink.accept(buf, filled);
                    }
                    return;
                }
                int cut = filled;
                while (cut > 0 && buf[cut - 1] != '\n') {
                    cut--;
                }
                if (cut == 0) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    continue;
                }
                sink.accept(buf, cut);
                System.arraycopy(buf, cut, buf, 0, filled - cut);
                filled -= cut;
            }
        } catch (NoSuchFileException e) {
            throw new TrecFormatException(source, 0, "file not found");
        } catch (EOFException e) {
            throw new TrecFormatException(source, 0, "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new TrecFormatException(source, 0, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new TrecFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The stream's bytes, gunzipped when they start with the gzip magic bytes. */
    static byte[] readAll(InputStream in, String source) {
        try {
            return decode(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new TrecFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] decode(byte[] raw, String source) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            // ISIZE, the last 4 bytes, is the uncompressed size mod 2^32 of the last member: a size hint only
            long hint = raw.length >= 18 ? (raw[raw.length - 4] & 0xffL) | (raw[raw.length - 3] & 0xffL) << 8
                    | (raw[raw.length - 2] & 0xffL) << 16 | (raw[raw.length - 1] & 0xffL) << 24 : 0;
            if (hint <= 0 || hint > Integer.MAX_VALUE - 16 || hint > 64L * raw.length + (1 << 20)) {
                return gz.readAllBytes();
            }
            byte[] out = new byte[(int) hint];
            int n = gz.readNBytes(out, 0, out.length);
            if (n < out.length) {
                return java.util.Arrays.copyOf(out, n);
            }
            byte[] rest = gz.readAllBytes();
            if (rest.length == 0) {
                return out;
            }
            byte[] all = java.util.Arrays.copyOf(out, out.length + rest.length);
            System.arraycopy(rest, 0, all, out.length, rest.length);
            return all;
        } catch (EOFException e) {
            throw new TrecFormatException(source, 0, "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new TrecFormatException(source, 0, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new TrecFormatException(source, 0, "cannot decompress: " + e.getMessage(), e);
        }
    }

    /** C's {@code isspace} minus '\n' (which ends the line): space, \t, \v, \f, \r. One compare for printable bytes. */
    static boolean isSpace(byte b) {
        return b <= ' ' && (b == ' ' || (b >= 0x09 && b <= 0x0d && b != '\n'));
    }

    /** Length of the bounds array {@link #fields} fills: start/end of each field, then the line's end. */
    static final int BOUNDS = 2 * MAX_FIELDS + 1;

    /**
     * Splits the run line starting at {@code from} into fields in one pass: starts at {@code bounds[2i]},
     * ends at {@code bounds[2i+1]} for the first {@link #MAX_FIELDS} fields, and the index of the
     * line's '\n' (or {@code buf.length}) in {@code bounds[BOUNDS - 1]}. Returns the total number of
     * fields (which may exceed {@link #MAX_FIELDS}); 0 for a blank line, -1 for a comment line: one whose
     * first non-blank byte is '#', as trec_eval's {@code get_trec_results.c} skips them.
     */
    static int fields(byte[] buf, int from, int[] bounds) {
        return fields(buf, from, buf.length, bounds);
    }

    /** {@link #fields(byte[], int, int[])} on {@code buf[from, to)}: {@code to} stands for the end of the text. */
    static int fields(byte[] buf, int from, int to, int[] bounds) {
        int i = from;
        while (i < to && buf[i] != '\n' && isSpace(buf[i])) {
            i++;
        }
        if (i < to && buf[i] == '#') {
            return comment(buf, i, to, bounds);
        }
        return split(buf, i, to, bounds);
    }

    /**
     * {@link #fields} for the relevance files (qrels, qrels_jg, prefs, qrels_prefs) and z-scores: a comment
     * is a line whose very first byte is '#' ({@code get_qrels.c}, {@code get_qrels_jg.c}, {@code get_prefs.c},
     * {@code get_qrels_prefs.c} test the line's first column only), so " # x" is a line of fields there.
     */
    static int judgmentFields(byte[] buf, int from, int[] bounds) {
        int to = buf.length;
        if (from < to && buf[from] == '#') {
            return comment(buf, from, to, bounds);
        }
        int i = from;
        while (i < to && buf[i] != '\n' && isSpace(buf[i])) {
            i++;
        }
        return split(buf, i, to, bounds);
    }

    /** One line of a relevance or z-scores file: its fields' bounds in the text (as {@link #fields} fills them) and its number. */
    interface JudgmentLine {
        void accept(int[] bounds, long line);
    }

    /**
     * Calls {@code visitor} for each line of fields of a relevance or z-scores file (comments and blank lines
     * skipped, as {@link #judgmentFields} reads them), after checking that it has exactly {@code fields} fields;
     * {@code layout} names them in the error otherwise ("topic iter docno rel").
     */
    static void forEachJudgmentLine(byte[] buf, String source, int fields, String layout, JudgmentLine visitor) {
        int[] bounds = new int[BOUNDS];
        long line = 0;
        int pos = 0;
        while (pos < buf.length) {
            line++;
            int n = judgmentFields(buf, pos, bounds);
            int end = bounds[BOUNDS - 1];
            if (n > 0) {
                if (n != fields) {
                    throw new TrecFormatException(source, line, "expected " + fields + " fields (" + layout + "), found " + n);
                }
                visitor.accept(bounds, line);
            }
            pos = end + 1;
        }
    }

    private static int comment(byte[] buf, int i, int to, int[] bounds) {
        while (i < to && buf[i] != '\n') {
            i++;
        }
        bounds[BOUNDS - 1] = i;
        return -1;
    }

    /** The field loop of {@link #fields} from {@code i}, the line's first non-blank byte (or its end). */
    private static int split(byte[] buf, int i, int to, int[] bounds) {
        int count = 0;
        while (i < to && buf[i] != '\n') {
            int start = i;
            i = fieldEnd(buf, i, to);
            if (count < MAX_FIELDS) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < to && buf[i] != '\n' && isSpace(buf[i])) {
                i++;
            }
        }
        bounds[BOUNDS - 1] = i;
        return count;
    }

    /**
     * The index of the first whitespace byte or '\n' at or after {@code i}, or {@code to}. Eight bytes at a time:
     * {@code (x - 0x21..21) & ~x & 0x80..80} flags every byte below 0x21 (and none of 0x80..0xff), exactly for
     * the lowest flagged byte (Hacker's Delight, 2nd ed., 6-1), which is then checked, as control bytes other
     * than whitespace belong to the field.
     */
    static int fieldEnd(byte[] buf, int i, int to) {
        while (true) {
            if (i + Long.BYTES <= to) {
                long x = (long) LONGS.get(buf, i);
                long low = (x - 0x2121_2121_2121_2121L) & ~x & 0x8080_8080_8080_8080L;
                if (low == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(low) >>> 3;
            } else {
                while (i < to && (buf[i] > ' ' || buf[i] < 0)) {
                    i++;
                }
                if (i == to) {
                    return i;
                }
            }
            byte b = buf[i];
            if (b == '\n' || isSpace(b)) {
                return i;
            }
            i++;
        }
    }

    /** A finite decimal score, or NaN when the field is not one: see {@link DecimalParser#parse}. */
    static double parseDecimal(byte[] b, int from, int to) {
        return DecimalParser.parse(b, from, to);
    }
}
