package io.dnwerks.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server from zonky's binaries (Maven Central), with the dnwerks database, one
 * login role per service owning its schema, and reporting_readonly. zonky runs initdb and postgres
 * as an unprivileged user, so this works as root too.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "dnwerks";

    private final EmbeddedPostgres postgres;
    private String stoppedCommandLine;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param port    0 for any free port
     * @param dataDir null for a throw-away cluster; otherwise the cluster lives (and survives) there
     */
    public static PostgresServer start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, java.util.Map.of());
    }

    /** @param serverConfig extra postgresql.conf settings, e.g. shared_preload_libraries for the benchmark */
    public static PostgresServer start(int port, Path dataDir, java.util.Map<String, String> serverConfig) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("fsync", dataDir == null ? "off" : "on")
                // sized for a campaign of a million messages rather than PostgreSQL's 128 MB / 1 GB
                // defaults, under which checkpoints every few seconds rewrote whole pages into the WAL
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "15min");
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
        }
        PostgresServer server = new PostgresServer(builder.start());
        OrphanGuard.get().watchPostmaster(server.dataDirectoryOrNull());
        server.bootstrap();
        return server;
    }

    private Path dataDirectoryOrNull() {
        try {
            java.lang.reflect.Field f = EmbeddedPostgres.class.getDeclaredField("dataDirectory");
            f.setAccessible(true);
            return ((java.io.File) f.get(postgres)).toPath();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The postmaster's process, to account for the CPU it and its backends used. */
    public java.util.Optional<ProcessHandle> process() {
        Path dir = dataDirectoryOrNull();
        try {
            return dir == null ? java.util.Optional.empty()
                    : ProcessHandle.of(Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl("127.0.0.1", port());
    }

    public static String jdbcUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE;
    }

    /** Runs the role-and-schema bootstrap as the superuser. Idempotent. */
    public void bootstrap() {
        bootstrap("jdbc:postgresql://127.0.0.1:" + port() + "/postgres", "postgres", "");
    }

    public static void bootstrap(String adminUrlOfPostgresDb, String user, String password) {
        try (Connection c = DriverManager.getConnection(adminUrlOfPostgresDb, user, password);
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        String dnwerksUrl = adminUrlOfPostgresDb.replaceFirst("/[^/?]*(\\?|$)", "/" + DATABASE + "$1");
        try (Connection c = DriverManager.getConnection(dnwerksUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute(resource("bootstrap.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException("bootstrap of " + DATABASE + " failed: " + e.getMessage(), e);
        }
    }

    static String resource(String name) {
        try (InputStream in = PostgresServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the server as a failover or an operator's restart would: a fast shutdown, which cuts every
     * session at once, so that clients see their connections closed and then refused. The data stays;
     * {@link #startAgain()} brings the same server back on the same port. For fault tests and chaos runs.
     */
    public synchronized void stopForAWhile() throws IOException {
        Path dir = requireDataDirectory();
        stoppedCommandLine = Files.readString(dir.resolve("postmaster.opts")).strip();
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
        run("kill", "-INT", String.valueOf(pid));
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL " + pid + " did not stop within 60 s", e);
            }
        });
    }

    /** Starts the server stopped by {@link #stopForAWhile()} with the command line it last ran with, and waits until it takes connections. */
    public synchronized void startAgain() throws IOException {
        if (stoppedCommandLine == null) {
            throw new IllegalStateException("the server was not stopped by stopForAWhile()");
        }
        Path dir = requireDataDirectory();
        List<String> command = new ArrayList<>();
        if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: postgres refuses to run as root
        }
        command.addAll(postmasterOpts(stoppedCommandLine));
        new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + "-restarted.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/postgres", "postgres", "")) {
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("PostgreSQL did not come back within 60 s: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        stoppedCommandLine = null;
        OrphanGuard.get().watchPostmaster(dir);
    }

    /**
     * postmaster.opts holds the postmaster's command line: the program, then each argument in double
     * quotes (PostgreSQL writes them without escaping, and ours contain no quotes).
     */
    static List<String> postmasterOpts(String line) {
        List<String> out = new ArrayList<>();
        int firstQuote = line.indexOf(" \"");
        out.add(firstQuote < 0 ? line : line.substring(0, firstQuote));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(firstQuote < 0 ? "" : line.substring(firstQuote));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private Path requireDataDirectory() {
        Path dir = dataDirectoryOrNull();
        if (dir == null) {
            throw new IllegalStateException("the data directory of this PostgreSQL is not known");
        }
        return dir;
    }

    private static void run(String... command) throws IOException {
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
