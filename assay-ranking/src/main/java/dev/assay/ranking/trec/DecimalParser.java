package dev.assay.ranking.trec;

import java.nio.charset.StandardCharsets;

/**
 * Decimal text to the nearest double, exactly as {@link Double#parseDouble} rounds it, without a String.
 *
 * <p>Three tiers. Clinger's fast path ("How to read floating point numbers accurately", PLDI 1990): a
 * mantissa up to 2^53 and a power of ten up to 10^22 are exact doubles, so one multiply or divide rounds
 * correctly. Otherwise the Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second",
 * Software: Practice and Experience 51(8), 2021; ported from Go's {@code strconv.eiselLemire64}): the first
 * 19 significant digits times a 128-bit approximation of the power of ten ({@link PowersOfTen}) give the
 * 53-bit result unless the product lies too close to a rounding boundary, which the algorithm detects; with
 * more than 19 digits the value lies in {@code [w, w+1) * 10^e} and is decided when both ends round alike.
 * Whatever the algorithm cannot decide (near-halfway products, subnormals, overflow, exponents outside
 * 10^-348..10^347) goes to {@link Double#parseDouble}, so the result is always the correctly rounded one.
 */
final class DecimalParser {
    private static final int MAX_KEPT_DIGITS = 19;
    private static final long SIGN_BIT = 1L << 63;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private DecimalParser() {}

    /**
     * The finite decimal number {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?} spanning {@code b[from, to)},
     * or NaN when the bytes are not one or it overflows (NaN is never a valid score, so it doubles as the
     * failure signal; "nan", "inf", hexadecimal and Java suffixes are not numbers here).
     */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long w = 0; // the first 19 significant digits, unsigned
        int kept = 0;
        boolean dropped = false; // a nonzero digit beyond the 19th
        long e10 = 0; // w * 10^e10 is the value read so far
        int digitsFrom = i;
        while (i < to) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (kept < MAX_KEPT_DIGITS) {
                if (kept > 0 || d != 0) {
                    w = w * 10 + d;
                    kept++;
                }
            } else {
                e10++;
                dropped |= d != 0;
            }
            i++;
        }
        int digits = i - digitsFrom;
        if (i < to && b[i] == '.') {
            i++;
            int fractionFrom = i;
            while (i < to) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (kept < MAX_KEPT_DIGITS) {
                    if (kept > 0 || d != 0) {
                        w = w * 10 + d;
                        kept++;
                    }
                    e10--;
                } else {
                    dropped |= d != 0;
                }
                i++;
            }
            digits += i - fractionFrom;
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int exponentFrom = i;
            long exponent = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 1_000_000_000L) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == exponentFrom) {
                return Double.NaN;
            }
            e10 += negativeExponent ? -exponent : exponent;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (w == 0) {
            return negative ? -0.0 : 0.0; // every digit was zero
        }
        if (!dropped && e10 >= -22 && e10 <= 22 && w <= 1L << 53 && w > 0) {
            double value = e10 >= 0 ? w * POW10[(int) e10] : w / POW10[(int) -e10];
            return negative ? -value : value;
        }
        if (e10 >= PowersOfTen.MIN_EXP10 && e10 <= PowersOfTen.MAX_EXP10) {
            double value = eiselLemire(w, (int) e10, negative);
            if (dropped && !Double.isNaN(value) && eiselLemire(w + 1, (int) e10, negative) != value) {
                value = Double.NaN;
            }
            if (!Double.isNaN(value)) {
                return value;
            }
        }
        double value = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        return Double.isFinite(value) ? value : Double.NaN;
    }

    /**
     * The double nearest {@code w * 10^e10} ({@code w} unsigned and nonzero, {@code e10} within the table), or
     * NaN when the 128-bit product cannot decide the rounding or the result would be subnormal or infinite.
     */
    static double eiselLemire(long w, int e10, boolean negative) {
        int clz = Long.numberOfLeadingZeros(w);
        long man = w << clz;
        long exp2 = ((217706L * e10) >> 16) + 64 + 1023 - clz;
        int row = 2 * (e10 - PowersOfTen.MIN_EXP10);
        long powHi = PowersOfTen.HI_LO[row];
        long xHi = Math.unsignedMultiplyHigh(man, powHi);
        long xLo = man * powHi;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            // the low 9 bits of the high word are all ones and the truncated tail may carry: widen to 192 bits
            long powLo = PowersOfTen.HI_LO[row + 1];
            long yHi = Math.unsignedMultiplyHigh(man, powLo);
            long yLo = man * powLo;
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long mantissa = xHi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return Double.NaN; // exactly halfway as far as 128 bits can tell
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >>> 53 > 0) {
            mantissa >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return Double.NaN; // subnormal or infinite: left to Double.parseDouble
        }
        long bits = exp2 << 52 | mantissa & 0x000F_FFFF_FFFF_FFFFL;
        return Double.longBitsToDouble(negative ? bits | SIGN_BIT : bits);
    }
}
