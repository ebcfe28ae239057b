package io.dnwerks.localstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the broker's jars (deploy/kafka-broker/target/lib) and this module's own classes, which
 * the broker JVM needs for {@link ParentWatchingMain}.
 */
final class BrokerClasspath {

    private BrokerClasspath() {
    }

    static String locate() {
        Path lib = brokerLib();
        return lib + File.separator + "*" + File.pathSeparator + ownLocation();
    }

    private static Path brokerLib() {
        String explicit = System.getProperty("dnwerks.kafka.libs", System.getenv("DNWERKS_KAFKA_LIBS"));
        if (explicit != null) {
            return Path.of(explicit);
        }
        for (Path root : candidateRoots()) {
            for (Path dir = root; dir != null; dir = dir.getParent()) {
                Path lib = dir.resolve("deploy/kafka-broker/target/lib");
                if (Files.isDirectory(lib)) {
                    return lib;
                }
            }
        }
        throw new IllegalStateException("the Kafka broker's jars are missing: run ./mvnw -pl deploy/kafka-broker generate-resources"
                + " (or set DNWERKS_KAFKA_LIBS)");
    }

    private static Path[] candidateRoots() {
        String root = System.getProperty("dnwerks.root", System.getenv("DNWERKS_ROOT"));
        Path cwd = Path.of("").toAbsolutePath();
        return root == null ? new Path[] {cwd, ownLocation()} : new Path[] {Path.of(root), cwd, ownLocation()};
    }

    private static Path ownLocation() {
        try {
            return Path.of(BrokerClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
