package dev.affinity.tenants;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocks the JUnit thread (never an event loop) on Vert.x futures, with a timeout. */
final class Await {

    private Await() {
    }

    static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static <E extends Throwable> E failure(Class<E> type, Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertTrue(type.isInstance(e.getCause()), () -> "expected " + type.getSimpleName() + " but got " + e.getCause());
        return type.cast(e.getCause());
    }
}
