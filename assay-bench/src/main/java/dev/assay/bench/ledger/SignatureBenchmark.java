package dev.assay.bench.ledger;

import dev.assay.core.ledger.LedgerKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 signing and verification of a 32-byte entry hash: the ledger's keys (Bouncy
 * Castle's RFC 8032 code) against the JDK's own provider, the reason for choosing the former.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -jar assay-bench/target/benchmarks.jar SignatureBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    private final byte[] hash = new byte[32];
    private LedgerKeys ledgerKeys;
    private String ledgerSignature;
    private KeyPair jdkKeys;
    private Signature jdk;
    private byte[] jdkSignature;

    @Setup
    public void setUp() throws Exception {
        new SecureRandom().nextBytes(hash);
        ledgerKeys = LedgerKeys.generate(new SecureRandom());
        ledgerSignature = ledgerKeys.sign(hash);
        jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdk = Signature.getInstance("Ed25519");
        jdk.initSign(jdkKeys.getPrivate());
        jdk.update(hash);
        jdkSignature = jdk.sign();
    }

    @Benchmark
    public String ledgerSign() {
        return ledgerKeys.sign(hash);
    }

    @Benchmark
    public boolean ledgerVerify() {
        return ledgerKeys.verify(hash, ledgerSignature);
    }

    @Benchmark
    public byte[] jdkSign() throws Exception {
        jdk.initSign(jdkKeys.getPrivate());
        jdk.update(hash);
        return jdk.sign();
    }

    @Benchmark
    public boolean jdkVerify() throws Exception {
        jdk.initVerify(jdkKeys.getPublic());
        jdk.update(hash);
        return jdk.verify(jdkSignature);
    }
}
