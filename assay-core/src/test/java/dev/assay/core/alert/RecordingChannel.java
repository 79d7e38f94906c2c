package dev.assay.core.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An in-memory channel that records what it delivers and can be made to block until released. */
final class RecordingChannel implements AlertChannel {
    private final List<Alert> delivered = new ArrayList<>();
    private final CountDownLatch release;
    private volatile int started;

    private RecordingChannel(CountDownLatch release) {
        this.release = release;
    }

    static RecordingChannel open() {
        return new RecordingChannel(new CountDownLatch(0));
    }

    /** A channel whose deliveries block until {@link #release()} (or 10 s, or an interrupt). */
    static RecordingChannel blocked() {
        return new RecordingChannel(new CountDownLatch(1));
    }

    void release() {
        release.countDown();
    }

    int started() {
        return started;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        started++;
        try {
            if (!release.await(10, TimeUnit.SECONDS)) throw DeliveryException.retryable("test channel never released", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.permanent("interrupted", e);
        }
        synchronized (delivered) {
            delivered.add(alert);
        }
    }

    List<Alert> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }
}
