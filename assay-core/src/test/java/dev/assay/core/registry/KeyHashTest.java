package dev.assay.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeyHashTest {
    /** Pinned values: changing the hash would silently move users between versions. */
    @Test
    void bucket_matchesPinnedValues() {
        int[] pinned = {KeyHash.bucket("ranker", ""), KeyHash.bucket("ranker", "user-1"), KeyHash.bucket("ranker", "ü-ключ")};
        assertThat(pinned).containsExactly(PINNED);
    }

    // Computed independently with a Python implementation of the same FNV-1a + fmix64 definition.
    static final int[] PINNED = {5941, 7469, 9883};

    @Test
    void bucket_isTheSameInAnotherJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dfile.encoding=ISO-8859-1",
                KeyHashChild.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) lines.add(l);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(1000);
        for (int i = 0; i < 1000; i++) assertThat(lines.get(i)).isEqualTo(Integer.toString(KeyHash.bucket("m", KeyHashChild.key(i))));
    }

    @Property
    void bucket_isInRange(@ForAll String model, @ForAll String key) {
        assertThat(KeyHash.bucket(model, key)).isBetween(0, KeyHash.BUCKETS - 1);
    }

    @Test
    void bucket_dependsOnTheModel() {
        int same = 0;
        for (int i = 0; i < 10_000; i++) if (KeyHash.bucket("a", "k" + i) / 1000 == KeyHash.bucket("b", "k" + i) / 1000) same++;
        // independent deciles agree about 10% of the time
        assertThat(same).isBetween(800, 1200);
    }
}
