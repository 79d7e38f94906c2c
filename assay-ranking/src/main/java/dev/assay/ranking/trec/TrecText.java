package dev.assay.ranking.trec;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
            return gz.readAllBytes();
        } catch (EOFException e) {
            throw new TrecFormatException(source, 0, "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new TrecFormatException(source, 0, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new TrecFormatException(source, 0, "cannot decompress: " + e.getMessage(), e);
        }
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    /**
     * Splits {@code buf[from, to)} into fields: starts at {@code bounds[2i]}, ends at {@code bounds[2i+1]}
     * for the first {@link #MAX_FIELDS} fields. Returns the total number of fields (which may exceed
     * {@link #MAX_FIELDS}); 0 for a blank line, -1 for a comment line.
     */
    static int fields(byte[] buf, int from, int to, int[] bounds) {
        int i = from;
        while (i < to && isSpace(buf[i])) {
            i++;
        }
        if (i == to) {
            return 0;
        }
        if (buf[i] == '#') {
            return -1;
        }
        int count = 0;
        while (i < to) {
            int start = i;
            while (i < to && !isSpace(buf[i])) {
                i++;
            }
            if (count < MAX_FIELDS) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < to && isSpace(buf[i])) {
                i++;
            }
        }
        return count;
    }

    /** End of the line starting at {@code from}: the index of its '\n' or {@code buf.length}. */
    static int lineEnd(byte[] buf, int from) {
        for (int i = from; i < buf.length; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return buf.length;
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A finite decimal number {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}, or NaN when the text is
     * not one (NaN is never a valid score, so it doubles as the failure signal). Correctly rounded, like
     * C's {@code strtod}: up to 15 significant digits with a power of ten up to 22 is exact in doubles
     * (Clinger's fast path, "How to read floating point numbers accurately", PLDI 1990); anything else
     * goes to {@link Double#parseDouble}.
     */
    static double parseDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int digits = 0;
        int scale = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (significant > 0 || b[i] != '0') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                } else {
                    scale++;
                }
                significant++;
            }
            digits++;
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (significant > 0 || b[i] != '0') {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (b[i] - '0');
                        scale--;
                    }
                    significant++;
                } else {
                    scale--;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negExp = b[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (negExp) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            return Double.NaN;
        }
        double value;
        int e10 = scale + exponent;
        if (significant <= 15 && e10 >= -22 && e10 <= 22) {
            value = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
            if (significant == 0) {
                value = 0.0;
            }
            return negative ? -value : value;
        }
        value = Double.parseDouble(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        return Double.isFinite(value) ? value : Double.NaN;
    }
}
