package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) run from the jars Maven resolved, as
 * {@code bin/kafka-server-start.sh} would run it. The storage is formatted once ({@code kafka-storage format
 * --standalone}); later starts reuse it, so topics and their events survive {@code down}/{@code up}.
 */
public final class KafkaBroker implements StackComponent {

    private final StackHome home;
    private final LocalEnv env;
    private final ServerProcess process;

    public KafkaBroker(StackHome home, LocalEnv env) {
        this.home = home;
        this.env = env;
        this.process = new ServerProcess("kafka", home);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String address() {
        return env.get(LocalEnv.KAFKA);
    }

    @Override
    public int port() {
        return env.port(LocalEnv.KAFKA);
    }

    private int controllerPort() {
        return port() + 1;
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void start() {
        home.requireBuilt(home.serverLib());
        Path config = writeConfig();
        Path logDir = home.data("kafka");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config);
        }
        process.start(java(List.of("-Xmx512m", "-Xms256m", "kafka.Kafka", config.toString())), Map.of(), logDir);
    }

    private List<String> java(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Java.binary(),
                "-cp",
                home.serverLib() + "/*",
                // slf4j-simple: one line per event, INFO and up, into the log file
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dorg.slf4j.simpleLogger.showDateTime=true"));
        command.addAll(args);
        return command;
    }

    private void format(Path config) {
        List<String> command = java(List.of(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString()));
        try {
            Files.createDirectories(process.log().getParent());
            Process format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(process.log().toFile()))
                    .start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new UserError("formatting Kafka's storage failed; see " + process.log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while formatting Kafka's storage", e);
        }
    }

    /** The broker's server.properties, written on every start from local.env's address. */
    private Path writeConfig() {
        String host = address().substring(0, address().lastIndexOf(':'));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort());
        p.setProperty(
                "listeners", "PLAINTEXT://" + host + ":" + port() + ",CONTROLLER://" + host + ":" + controllerPort());
        p.setProperty(
                "advertised.listeners",
                "PLAINTEXT://" + host + ":" + port() + ",CONTROLLER://" + host + ":" + controllerPort());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", home.data("kafka").toString());
        p.setProperty("num.partitions", Integer.toString(Provisioning.PARTITIONS));
        // one node: every internal topic has one replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // a consumer group of one (the local trainer) should not wait 3 s for more members
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = home.config("kafka.properties");
        try {
            Files.createDirectories(file.getParent());
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "Kafka of the began local stack; rewritten by ./began up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public boolean ready() {
        try (Admin admin = admin(env)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** An admin client with short timeouts, for probes and provisioning. */
    static Admin admin(LocalEnv env) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(LocalEnv.KAFKA),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }
}
