package dev.assay.protocol.port;

import dev.assay.protocol.flow.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Guesses a protocol from a well-known port (the classifier asks for the server's end, {@code b}, first), from the
 * table {@code ports.tsv} beside this class (IANA's service registry, labels spelled as nDPI spells them). A port
 * says what a service is usually, not what this flow is: callers report the guess with source PORT and
 * {@link #CONFIDENCE}.
 */
public final class PortGuess {
    /** The confidence of a port guess: a flag, not a probability measured on traffic. */
    public static final double CONFIDENCE = 0.2;

    private static final Map<String, String> TABLE = load();

    private PortGuess() {}

    /** The label the table gives this transport's port, if any. */
    public static Optional<String> of(Transport l4, int port) {
        return Optional.ofNullable(TABLE.get(l4 + "/" + port));
    }

    /** How many (transport, port) pairs the table holds. */
    public static int size() {
        return TABLE.size();
    }

    private static Map<String, String> load() {
        Map<String, String> table = new HashMap<>();
        try (InputStream in = PortGuess.class.getResourceAsStream("ports.tsv")) {
            if (in == null) throw new IllegalStateException("ports.tsv is missing from the build");
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length != 3) throw new IllegalStateException("ports.tsv line " + number + ": expected 3 tab-separated columns");
                Transport.valueOf(f[0]);
                int port = Integer.parseInt(f[1]);
                if (port < 1 || port > 65_535) throw new IllegalStateException("ports.tsv line " + number + ": port out of range");
                if (table.putIfAbsent(f[0] + "/" + port, f[2]) != null) throw new IllegalStateException("ports.tsv line " + number + ": repeated port");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }
}
