package io.began.examples.subscriber;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code began.metrics}, began's per-step training figures, and prints one line per event:
 * <pre>
 * fm-1 step 120 L(x)=0.0712 L(G)=0.0254 k=0.0131 M_global=0.0934 lr=2.0E-4
 * </pre>
 * A plain Kafka consumer in a consumer group of its own: copy this project and put your own code where
 * {@link #onEvent} prints. Each event is checked against the event's JSON Schema; a record of a newer schema version
 * is set aside and one that is no metrics event skipped, each reported on stderr, and the subscriber goes on.
 *
 * <p>Exit status: 0 when it stops (Ctrl-C, or a stop condition of the options), 1 for a wrong option or no schema, 2
 * when Kafka cannot be reached, refuses the user or does not let it read.
 */
public final class MetricsSubscriber {

    static final String TOPIC = "began.metrics";
    private static final String NAME = "began-subscriber";
    private static final String USAGE = """
            usage: java -jar began-metrics-subscriber.jar [options]
              --bootstrap-servers HOST:PORT  Kafka (env KAFKA_BOOTSTRAP_SERVERS; default localhost:9092)
              --group ID                     the consumer group (env BEGAN_SUBSCRIBER_GROUP;
                                             default began-reader-metrics-subscriber); as began-reader it must
                                             start with began-reader-
              --run-id ID                    only this run's events
              --from-beginning               every event on the topic, not only the ones from now on
              --exit-at-end                  stop at the end of the topic as it was at start
              --max-events N                 stop after N events
              --until-step S                 stop after an event of step S or later
              --config FILE                  Kafka client properties (security, TLS, ...), applied last
              --schema FILE|URL              the event schema (default: the one in the jar, else
                                             $BEGAN_SCHEMA_URL, http://localhost:8081/events/metrics-event.schema.json)
              --timeout-seconds N            how long to wait for Kafka at start (default 30)
            A user on a secured cluster (compose, Kubernetes): BEGAN_KAFKA_USER and BEGAN_KAFKA_PASSWORD (SCRAM-SHA-512
            over SASL_PLAINTEXT; KAFKA_SECURITY_PROTOCOL=SASL_SSL for TLS), or the services' KAFKA_SECURITY_PROTOCOL,
            KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG.""";

    /** The options, from the command line and the environment. */
    record Options(
            String bootstrap,
            String group,
            String runId,
            boolean fromBeginning,
            boolean exitAtEnd,
            long maxEvents,
            long untilStep,
            Path config,
            String schema,
            Duration timeout) {

        static Options parse(String[] args, Map<String, String> env) {
            String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
            String group = env.getOrDefault("BEGAN_SUBSCRIBER_GROUP", "began-reader-metrics-subscriber");
            String runId = null;
            String schema = null;
            Path config = null;
            boolean fromBeginning = false;
            boolean exitAtEnd = false;
            long maxEvents = Long.MAX_VALUE;
            long untilStep = Long.MAX_VALUE;
            long timeout = 30;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--bootstrap-servers" -> bootstrap = value(args, ++i, a);
                    case "--group" -> group = value(args, ++i, a);
                    case "--run-id" -> runId = value(args, ++i, a);
                    case "--from-beginning" -> fromBeginning = true;
                    case "--exit-at-end" -> exitAtEnd = true;
                    case "--max-events" -> maxEvents = number(args, ++i, a);
                    case "--until-step" -> untilStep = number(args, ++i, a);
                    case "--config" -> config = Path.of(value(args, ++i, a));
                    case "--schema" -> schema = value(args, ++i, a);
                    case "--timeout-seconds" -> timeout = number(args, ++i, a);
                    case "-h", "--help" -> throw new Usage(null);
                    default -> throw new Usage("unknown option " + a);
                }
            }
            return new Options(
                    bootstrap,
                    group,
                    runId,
                    fromBeginning,
                    exitAtEnd,
                    maxEvents,
                    untilStep,
                    config,
                    schema,
                    Duration.ofSeconds(Math.max(1, timeout)));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new Usage(option + " needs a value");
            }
            return args[i];
        }

        private static long number(String[] args, int i, String option) {
            try {
                long n = Long.parseLong(value(args, i, option));
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new Usage(option + " needs a number ≥ 0, not " + args[i]);
            }
        }
    }

    /** A wrong command line: the message (none for --help) and the usage. */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    /** Kafka could not be used: a sentence for the user, no stack trace. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (Usage u) {
            if (u.getMessage() != null) {
                System.err.println(NAME + ": " + u.getMessage());
            }
            System.err.println(USAGE);
            return u.getMessage() == null ? 0 : 1;
        }
        MetricsEvents events;
        try {
            events = MetricsEvents.load(
                    options.schema(),
                    env.getOrDefault("BEGAN_SCHEMA_URL", "http://localhost:8081/events/metrics-event.schema.json"));
        } catch (IOException e) {
            System.err.println(NAME + ": " + e.getMessage());
            return 1;
        }
        try {
            return new MetricsSubscriber(options, events).consume(consumerConfig(options, env));
        } catch (Unavailable e) {
            System.err.println(NAME + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println(NAME + ": cannot read " + options.config() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The consumer's settings: the connection, SASL from the environment, then the --config file's. */
    static Properties consumerConfig(Options options, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, options.group());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // bytes: a record that is not even UTF-8 is reported, not a deserializer's exception
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.fromBeginning() ? "earliest" : "latest");
        String user = env.get("BEGAN_KAFKA_USER");
        if (user != null && !user.isBlank()) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            p.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required " + "username=\"" + user
                            + "\" password=\"" + env.getOrDefault("BEGAN_KAFKA_PASSWORD", "") + "\";");
        }
        putIfSet(p, env, "KAFKA_SECURITY_PROTOCOL", CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        putIfSet(p, env, "KAFKA_SASL_MECHANISM", SaslConfigs.SASL_MECHANISM);
        putIfSet(p, env, "KAFKA_SASL_JAAS_CONFIG", SaslConfigs.SASL_JAAS_CONFIG);
        if (options.config() != null) {
            try (InputStream in = Files.newInputStream(options.config())) {
                p.load(in);
            }
        }
        return p;
    }

    private static void putIfSet(Properties p, Map<String, String> env, String variable, String key) {
        String value = env.get(variable);
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }

    private final Options options;
    private final MetricsEvents events;
    private long printed;

    MetricsSubscriber(Options options, MetricsEvents events) {
        this.options = options;
        this.events = events;
    }

    /** Your code goes here: one valid event of a version this subscriber handles. */
    void onEvent(MetricsEvents.Event event) {
        System.out.println(event.line());
    }

    int consume(Properties config) throws Unavailable {
        KafkaConsumer<String, byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(config);
        } catch (KafkaException e) {
            throw new Unavailable("cannot set up a Kafka consumer for " + options.bootstrap() + ": " + rootMessage(e));
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    consumer.wakeup();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        main.interrupt();
                    }
                },
                "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, options.timeout());
            if (partitions == null || partitions.isEmpty()) {
                throw new Unavailable("Kafka at " + options.bootstrap() + " has no topic " + TOPIC
                        + " (is began's stack up? it makes the topics)");
            }
            System.err.printf(
                    "%s: reading %s (%d partitions) at %s as group %s%s; schema: %s%n",
                    NAME,
                    TOPIC,
                    partitions.size(),
                    options.bootstrap(),
                    options.group(),
                    options.runId() == null ? "" : ", run " + options.runId(),
                    events.source());
            return loop(consumer);
        } catch (WakeupException stop) {
            return 0;
        } catch (TimeoutException e) {
            throw new Unavailable("no answer from Kafka at " + options.bootstrap() + " within "
                    + options.timeout().toSeconds() + " s (is it up? is that its address, --bootstrap-servers or "
                    + "KAFKA_BOOTSTRAP_SERVERS? does it want a user: BEGAN_KAFKA_USER/BEGAN_KAFKA_PASSWORD?)");
        } catch (AuthenticationException e) {
            throw new Unavailable("Kafka at " + options.bootstrap() + " refused the login: " + rootMessage(e)
                    + " (check BEGAN_KAFKA_USER/BEGAN_KAFKA_PASSWORD or KAFKA_SASL_JAAS_CONFIG)");
        } catch (GroupAuthorizationException e) {
            throw new Unavailable("not allowed to use the consumer group " + options.group() + ": " + rootMessage(e)
                    + " (began-reader may use groups named began-reader-*: --group)");
        } catch (AuthorizationException e) {
            throw new Unavailable("not allowed to read " + TOPIC + ": " + rootMessage(e));
        } catch (KafkaException e) {
            throw new Unavailable("Kafka at " + options.bootstrap() + ": " + rootMessage(e));
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException ignored) {
                // closing after a failure: the failure is what is reported
            }
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this
            }
        }
    }

    private int loop(KafkaConsumer<String, byte[]> consumer) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(ends::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (options.fromBeginning()) {
                    consumer.seekToBeginning(partitions);
                }
                if (options.exitAtEnd()) {
                    ends.putAll(consumer.endOffsets(partitions));
                }
            }
        });
        while (true) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (options.runId() != null
                        && record.key() != null
                        && !options.runId().equals(record.key())) {
                    continue; // events are keyed by their run
                }
                if (handle(record)) {
                    return 0;
                }
            }
            if (options.exitAtEnd()
                    && !ends.isEmpty()
                    && consumer.assignment().equals(ends.keySet())
                    && atEnd(consumer, ends)) {
                return 0;
            }
        }
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        List<TopicPartition> behind = new ArrayList<>();
        ends.forEach((tp, end) -> {
            if (consumer.position(tp) < end) {
                behind.add(tp);
            }
        });
        return behind.isEmpty();
    }

    /** Handles one record; whether a stop condition is met. */
    boolean handle(ConsumerRecord<String, byte[]> record) {
        MetricsEvents.Outcome outcome = events.read(record.value());
        String where =
                record.topic() + "-" + record.partition() + "@" + record.offset() + " (key " + record.key() + ")";
        if (outcome instanceof MetricsEvents.Event e) {
            if (options.runId() != null
                    && !options.runId().equals(e.event().get("runId").asText())) {
                return false;
            }
            onEvent(e);
            printed++;
            return printed >= options.maxEvents() || e.event().get("step").asLong() >= options.untilStep();
        } else if (outcome instanceof MetricsEvents.SetAside s) {
            System.err.println(NAME + ": set aside " + where + ": " + s.reason());
        } else if (outcome instanceof MetricsEvents.Skipped s) {
            System.err.println(NAME + ": skipped " + where + ": " + s.reason());
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return t == e || e.getMessage() == null ? message : e.getMessage() + ": " + message;
    }
}
