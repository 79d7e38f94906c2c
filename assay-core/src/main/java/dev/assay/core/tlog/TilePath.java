package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C2SP {@code tlog-tiles} resource path: {@code tile/<L>/<N>[.p/<W>]} for a tile of Merkle
 * hashes, {@code tile/entries/<N>[.p/<W>]} for an entry bundle, where {@code N} is written in
 * 3-digit path elements, all but the last prefixed with {@code x} (1234067 is
 * {@code x001/x234/067}), and {@code W} (1..255) marks a partial tile. {@code level} is -1 for
 * an entry bundle; {@code width} is 256 for a full tile.
 */
public record TilePath(int level, long index, int width) {
    public static final int WIDTH = 256;
    public static final int ENTRIES = -1;
    private static final Pattern PATH = Pattern.compile("tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");

    public TilePath {
        if (level < ENTRIES || level > 63) throw new InvalidInputException("a tile level is 0..63 (or entries), but was " + level);
        if (index < 0) throw new InvalidInputException("a tile index is >= 0, but was " + index);
        if (width < 1 || width > WIDTH) throw new InvalidInputException("a tile width is 1..256, but was " + width);
    }

    /** The path, relative to the log's prefix. */
    public String path() {
        StringBuilder n = new StringBuilder(String.format("%03d", index % 1000));
        for (long rest = index / 1000; rest > 0; rest /= 1000) n.insert(0, String.format("x%03d/", rest % 1000));
        return "tile/" + (level == ENTRIES ? "entries" : Integer.toString(level)) + "/" + n + (width < WIDTH ? ".p/" + width : "");
    }

    /** Reads a path as {@link #path()} writes it; anything else is refused, naming the path. */
    public static TilePath parse(String path) {
        Matcher m = PATH.matcher(path == null ? "" : path);
        if (!m.matches()) throw new InvalidInputException("not a tlog-tiles path: '" + path + "'");
        long index = 0;
        for (String part : m.group(2).split("/")) {
            if (index > (Long.MAX_VALUE - 999) / 1000) throw new InvalidInputException("tile index out of range in '" + path + "'");
            index = index * 1000 + Integer.parseInt(part.startsWith("x") ? part.substring(1) : part);
        }
        int width = m.group(3) == null ? WIDTH : Integer.parseInt(m.group(3));
        if (width == WIDTH) {
            if (m.group(3) != null) throw new InvalidInputException("a partial tile's width is 1..255 in '" + path + "'");
        }
        TilePath t = new TilePath(m.group(1).equals("entries") ? ENTRIES : Integer.parseInt(m.group(1)), index, width);
        if (!t.path().equals(path)) throw new InvalidInputException("not a canonical tlog-tiles path: '" + path + "'");
        return t;
    }
}
