package io.dnwerks.localstack;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class but exits as soon as the given parent process is gone, so that a broker
 * started by a test JVM that was killed does not linger. Usage: {@code <parentPid> <mainClass> args...}
 */
public final class ParentWatchingMain {

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        Thread watcher = new Thread(() -> {
            ProcessHandle.of(parent).ifPresent(p -> p.onExit().join());
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
