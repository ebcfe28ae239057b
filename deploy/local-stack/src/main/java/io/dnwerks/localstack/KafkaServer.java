package io.dnwerks.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker in its own JVM, from the jars that deploy/kafka-broker copies
 * out of Maven Central. Kept out of our JVM because the broker wants other versions of
 * kafka-clients, Scala and Jackson than Quarkus does.
 */
public final class KafkaServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;

    private KafkaServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * @param port    the client port (0: any free one); the controller takes another free port
     * @param dataDir where the log segments live; reused (and survives) when it already holds a
     *                formatted broker
     */
    public static KafkaServer start(int port, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path logs = dataDir.resolve("logs");
        Path config = dataDir.resolve("server.properties");
        // a formatted KRaft log remembers its controller's endpoint: keep the ports it had
        Properties previous = new Properties();
        if (Files.exists(config)) {
            try (var in = Files.newBufferedReader(config)) {
                previous.load(in);
            }
        }
        int clientPort = port > 0 ? port : previousPort(previous, "PLAINTEXT").orElseGet(Ports::free);
        int controllerPort = previousPort(previous, "CONTROLLER").orElseGet(Ports::free);
        Path logFile = dataDir.resolve("broker.log");
        writeConfig(config, logs, clientPort, controllerPort);

        String classpath = BrokerClasspath.locate();
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(classpath, config, logFile);
        }
        Process process = java(classpath, logFile, ParentWatchingMain.class.getName(),
                String.valueOf(ProcessHandle.current().pid()), "kafka.Kafka", config.toString())
                .start();
        OrphanGuard.get().watch(process.pid());
        KafkaServer server = new KafkaServer(process, clientPort, logFile);
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    private static java.util.Optional<Integer> previousPort(Properties previous, String listener) {
        String listeners = previous.getProperty("listeners", "");
        for (String l : listeners.split(",")) {
            if (l.startsWith(listener + "://")) {
                return java.util.Optional.of(Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)));
            }
        }
        return java.util.Optional.empty();
    }

    private static void writeConfig(Path config, Path logs, int clientPort, int controllerPort) throws IOException {
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        Files.writeString(config, props);
    }

    private static void format(String classpath, Path config, Path logFile) throws IOException {
        String clusterId;
        do {
            clusterId = Uuid.randomUuid().toString();
        } while (clusterId.startsWith("-"));
        Process p = java(classpath, logFile, "kafka.tools.StorageTool",
                "format", "--standalone", "-t", clusterId, "-c", config.toString()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed, see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder java(String classpath, Path logFile, String mainClass, String... args) throws IOException {
        Path log4j = logFile.resolveSibling("log4j2-broker.properties");
        Files.writeString(log4j, PostgresServer.resource("log4j2-broker.properties"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Ddnwerks.kafka.log=" + logFile,
                "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        File out = logFile.resolveSibling("broker.out").toFile();
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ", see " + logFile);
            }
            if (!Ports.inUse(port)) {
                sleep(200); // not listening yet: spare the admin client's connection warnings
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the Kafka broker did not become ready in " + timeout + ", see " + logFile);
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }

    /** Creates the topics (and their DLQs) up front so that consumers never race auto-creation. */
    public void createTopics(Collection<String> topics, int partitions) {
        createTopics(bootstrapServers(), topics, partitions);
    }

    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
            // the controller has committed them; the broker's metadata may take a moment longer, and
            // whoever asked for the topics expects to find them listed (a fresh-clone CI run did not)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics created but not listed after 30 s: " + topics);
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics", e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM and wait: the broker flushes and exits in a few seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
