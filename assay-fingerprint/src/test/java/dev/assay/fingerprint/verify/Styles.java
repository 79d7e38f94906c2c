package dev.assay.fingerprint.verify;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic "models": each writes answers to probe i from its own phrase book, with random choices. */
public final class Styles {
    public static final ResponseEncoder ENCODER = new ResponseEncoder(new EncoderConfig(1024, "styles", 3, 1 << 20));
    static final String[][] BOOKS = {
            {"Sure, done.", "Done!", "OK, that's finished.", "All set."},
            {"Certainly! I'd be happy to help with that.", "Of course, let me take care of it.", "Absolutely, here you go."},
            {"I have completed the task as requested.", "The requested operation has been performed.", "Task completed successfully."}};

    private Styles() {}

    /** {@code n} responses of style {@code style} to probes p{first}..; {@code seed} drives the choices. */
    public static List<EncodedResponse> responses(int style, int first, int n, long seed) {
        Random rng = new Random(seed);
        List<EncodedResponse> out = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            String[] book = BOOKS[style];
            String text = book[rng.nextInt(book.length)] + " About item " + rng.nextInt(200) + ".";
            out.add(ENCODER.encode(Response.ofText("m" + style, "p" + i, "task " + i, text)));
        }
        return out;
    }
}
