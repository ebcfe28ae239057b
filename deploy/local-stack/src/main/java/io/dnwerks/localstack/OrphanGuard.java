package io.dnwerks.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure that no PostgreSQL, broker or service we start outlives this JVM, even when the JVM
 * is killed with SIGKILL and no shutdown hook runs: a tiny shell watchdog polls our pid and, once
 * it is gone, terminates every process registered here.
 */
public final class OrphanGuard {

    private static OrphanGuard instance;

    private final Path pidFile;

    private OrphanGuard(Path pidFile) {
        this.pidFile = pidFile;
    }

    public static synchronized OrphanGuard get() {
        if (instance == null) {
            try {
                // no deleteOnExit: on SIGTERM the JVM would delete the list before the watchdog reads it
                Path file = Files.createTempFile("dnwerks-children-", ".pids");
                instance = new OrphanGuard(file);
                instance.startWatchdog();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private void startWatchdog() throws IOException {
        long me = ProcessHandle.current().pid();
        String script = "while kill -0 " + me + " 2>/dev/null; do sleep 1; done; "
                + "if [ -f '" + pidFile + "' ]; then for p in $(cat '" + pidFile + "'); do kill -TERM $p 2>/dev/null; done; "
                + "sleep 5; for p in $(cat '" + pidFile + "'); do kill -KILL $p 2>/dev/null; done; rm -f '" + pidFile + "'; fi";
        new ProcessBuilder("/bin/sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    public synchronized void watch(long pid) {
        try {
            Files.writeString(pidFile, pid + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The postmaster's pid is the first line of postmaster.pid in its data directory. */
    void watchPostmaster(Path dataDir) {
        if (dataDir == null) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (!lines.isEmpty()) {
                watch(Long.parseLong(lines.get(0).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // no pid file: nothing we could kill later either
        }
    }
}
