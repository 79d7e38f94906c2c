package dev.assay.protocol.capture;

/**
 * IP addresses as text, the way {@code inet_ntop} (and so nDPI) writes them: IPv4 dotted; IPv6 in the RFC 5952
 * canonical form, lowercase hex without leading zeros, the longest run of two or more zero groups (the first of equal
 * runs) written {@code ::}, a single zero group kept as {@code 0}, and an IPv4-mapped address as
 * {@code ::ffff:a.b.c.d}.
 */
public final class AddressText {
    private AddressText() {}

    /** The text of a 4- or 16-byte address. */
    public static String of(byte[] a) {
        if (a.length == 4) return dotted(a, 0);
        if (a.length != 16) throw new IllegalArgumentException("an address is 4 or 16 bytes, not " + a.length);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) return "::ffff:" + dotted(a, 12);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    private static String dotted(byte[] a, int from) {
        return (a[from] & 0xff) + "." + (a[from + 1] & 0xff) + "." + (a[from + 2] & 0xff) + "." + (a[from + 3] & 0xff);
    }
}
