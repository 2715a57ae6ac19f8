package io.privacyplatform.support.retry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.privacyplatform.support.client.ServiceCallException;
import io.quarkus.runtime.ShutdownEvent;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InPlaceRetryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InPlaceRetry retry = new InPlaceRetry(config(Duration.ofMillis(5), Duration.ofMillis(20)), meters,
            Clock.systemUTC());

    @Test
    void aTransientFailureIsWaitedOutOnTheCallersThread() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.untilDone("orders/test", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException(new SQLTransientConnectionException("down", "08001"));
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(4, attempts.get());
        assertEquals(3.0, meters.counter("platform.consumer.retries", "consumer", "orders/test").count());
    }

    @Test
    void anyOtherFailureIsRethrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        ServiceCallException conflict = ServiceCallException.status(409);
        assertSame(conflict, assertThrows(ServiceCallException.class, () -> retry.untilDone("orders/test", () -> {
            attempts.incrementAndGet();
            throw conflict;
        })));
        assertEquals(1, attempts.get());
    }

    @Test
    void aShutdownEndsTheWaitAndNoLaterWorkStarts() throws Exception {
        InPlaceRetry slow = new InPlaceRetry(config(Duration.ofMinutes(10), Duration.ofMinutes(10)), meters,
                Clock.systemUTC());
        CountDownLatch failedOnce = new CountDownLatch(1);
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> slow.untilDone("orders/test", () -> {
            failedOnce.countDown();
            throw ServiceCallException.status(503);
        }));
        assertTrue(failedOnce.await(10, TimeUnit.SECONDS));
        slow.stop(new ShutdownEvent());
        // Well under the 10 minutes' wait: the process can exit within its grace period.
        Throwable gaveUp = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS)).getCause();
        assertInstanceOf(ServiceStoppingException.class, gaveUp);
        assertTrue(ServiceStoppingException.among(new RuntimeException(gaveUp)));
        // The record after it must not be applied before it (it is redelivered first): nothing more runs.
        AtomicInteger later = new AtomicInteger();
        assertThrows(ServiceStoppingException.class, () -> slow.untilDone("orders/test", later::incrementAndGet));
        assertEquals(0, later.get());
    }

    @Test
    void atShutdownAnyFailureLeavesTheRecordForTheNextInstance() {
        InPlaceRetry stopping = new InPlaceRetry(config(Duration.ofMillis(5), Duration.ofMillis(5)), meters,
                Clock.systemUTC());
        stopping.refuseWhenStopping("orders/test");
        stopping.stop(new ShutdownEvent());
        // Work already begun that succeeds still counts (the record is acknowledged) ...
        assertEquals("done", stopping.untilDone("orders/test", () -> "done"));
        // ... but a failure while stopping may come from the shutdown itself: never a dead letter.
        assertThrows(ServiceStoppingException.class, () -> stopping.untilDone("orders/test", () -> {
            throw new IllegalStateException("the entity manager factory is closed");
        }));
        // A consumer's next record is not even read (a malformed one is dead-lettered by the next instance, once).
        assertThrows(ServiceStoppingException.class, () -> stopping.refuseWhenStopping("orders/test"));
    }

    private static InPlaceRetryConfig config(Duration initial, Duration max) {
        return new InPlaceRetryConfig() {
            @Override
            public Duration initialBackoff() {
                return initial;
            }

            @Override
            public Duration maxBackoff() {
                return max;
            }
        };
    }
}
