package io.channelpulse.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for a command that runs until stopped ({@code demo}, {@code broker}). The JVM's
 * shutdown hook asks the command to stop and then waits (up to a minute) until the command has
 * closed everything in order, so the broker is never killed under a running job. The hook is
 * installed only once the command starts running (never for {@code --help} or a usage error), and
 * closing the signal marks the command as stopped and removes it.
 */
final class ShutdownSignal implements AutoCloseable {

    private static final Duration HOOK_WAIT = Duration.ofMinutes(1);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private boolean installed;

    ShutdownSignal(String name) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                stopped.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
    }

    /** From now on, Ctrl-C and SIGTERM request a stop and wait for {@link #close()}. */
    ShutdownSignal install() {
        Runtime.getRuntime().addShutdownHook(hook);
        installed = true;
        return this;
    }

    /** Asks the command to stop, as Ctrl-C does (for tests and in-process callers). */
    void request() {
        requested.countDown();
    }

    /** Waits until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits up to {@code timeout}; true when a stop was requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopped.countDown();
        if (!installed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and waits for us
        }
    }
}
