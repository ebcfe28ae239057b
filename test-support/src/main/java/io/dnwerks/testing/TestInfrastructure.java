package io.dnwerks.testing;

import io.dnwerks.common.event.Topics;
import io.dnwerks.localstack.DevKeys;
import io.dnwerks.localstack.KafkaServer;
import io.dnwerks.localstack.Launcher;
import io.dnwerks.localstack.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM, started on first use on free ports
 * and stopped when the JVM exits. With {@code DNWERKS_TEST_REUSE=true} the tests use the stack of a
 * running {@code ./dnwerks up} instead (127.0.0.1:15432 and 127.0.0.1:9092 unless told otherwise).
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final PostgresServer postgres;
    private final String jdbcUrl;
    private final Path kafkaData;
    private volatile KafkaServer kafka;
    private final String bootstrapServers;
    private final DevKeys keys;

    private TestInfrastructure(PostgresServer postgres, String jdbcUrl, KafkaServer kafka, Path kafkaData,
                               String bootstrapServers, DevKeys keys) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.kafka = kafka;
        this.kafkaData = kafkaData;
        this.bootstrapServers = bootstrapServers;
        this.keys = keys;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "dnwerks-test-infra-stop"));
        }
        return instance;
    }

    private static TestInfrastructure start() {
        if (!new java.util.HashSet<>(Launcher.TOPICS).equals(new java.util.HashSet<>(Topics.ALL))) {
            throw new IllegalStateException("the local stack creates " + Launcher.TOPICS + " but the services use " + Topics.ALL);
        }
        try {
            Path work = Files.createTempDirectory("dnwerks-test-");
            if (Boolean.parseBoolean(env("DNWERKS_TEST_REUSE", "false"))) {
                String pgHost = env("DNWERKS_TEST_PG_HOST", "127.0.0.1");
                int pgPort = Integer.parseInt(env("DNWERKS_TEST_PG_PORT", "15432"));
                String kafka = env("DNWERKS_TEST_KAFKA", "127.0.0.1:9092");
                PostgresServer.bootstrap("jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres", "postgres", "");
                KafkaServer.createTopics(kafka, topicsWithDlqs(), 3);
                return new TestInfrastructure(null, PostgresServer.jdbcUrl(pgHost, pgPort), null, null, kafka,
                        DevKeys.loadOrCreate(work.resolve("keys")));
            }
            PostgresServer pg = PostgresServer.start(0, null);
            Path kafkaData = work.resolve("kafka");
            KafkaServer kafka = KafkaServer.start(0, kafkaData);
            kafka.createTopics(topicsWithDlqs(), 3);
            return new TestInfrastructure(pg, pg.jdbcUrl(), kafka, kafkaData, kafka.bootstrapServers(),
                    DevKeys.loadOrCreate(work.resolve("keys")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test infrastructure", e);
        }
    }

    static List<String> topicsWithDlqs() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(t -> topics.add(Topics.dlq(t)));
        return topics;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name, fallback) : value;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The same database for the Vert.x reactive client. */
    public String reactiveUrl() {
        return jdbcUrl.replaceFirst("^jdbc:", "");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public DevKeys keys() {
        return keys;
    }

    /** Stops the broker (SIGTERM, as an operator would), for tests of what happens while Kafka is away. */
    public synchronized void stopKafka() {
        requireOwnKafka();
        kafka.close();
    }

    /** Starts the broker again on the same port and data. */
    public synchronized void startKafka() {
        requireOwnKafka();
        try {
            kafka = KafkaServer.start(kafka.port(), kafkaData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many failed attempts a consumer is to rack up while {@link #stopPostgres()} holds the database
     * away: well past the five (about 5 s) after which the inbox used to dead-letter a record.
     */
    public static final int ATTEMPTS_DURING_OUTAGE = 12;

    /** Stops PostgreSQL (a fast shutdown: every connection is cut, new ones are refused), as a failover would. */
    public synchronized void stopPostgres() {
        requireOwnPostgres();
        try {
            postgres.stopForAWhile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts PostgreSQL again on the same port and data, and waits until it takes connections. */
    public synchronized void startPostgres() {
        requireOwnPostgres();
        try {
            postgres.startAgain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireOwnPostgres() {
        if (postgres == null) {
            throw new IllegalStateException("the tests reuse an external PostgreSQL and cannot stop it");
        }
    }

    public boolean ownsKafka() {
        return kafka != null;
    }

    private void requireOwnKafka() {
        if (kafka == null) {
            throw new IllegalStateException("the tests reuse an external Kafka and cannot stop it");
        }
    }

    private void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }
    }
}
