package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The container-free stack of {@code ./began up}: an S3 server and a Kafka broker, then the trainer, sampler and
 * evaluator, each started as a process and waited on until it is ready. Stopped in the reverse order.
 */
public final class LocalStack {

    private static final Duration POLL = Duration.ofMillis(500);

    private final StackHome home;
    private final LocalEnv env;
    private final ObjectStorage storage;
    private final KafkaBroker kafka;
    private final List<Service> services;

    public LocalStack(StackHome home, LocalEnv env) {
        this(home, env, trainers(home));
    }

    /** A stack of {@code trainers} trainer processes (one consumer group), a sampler and an evaluator. */
    public LocalStack(StackHome home, LocalEnv env, int trainers) {
        this.home = home;
        this.env = env;
        this.storage = new ObjectStorage(home, env);
        this.kafka = new KafkaBroker(home, env);
        List<Service> all = new ArrayList<>();
        for (int i = 1; i <= trainers; i++) {
            all.add(Service.trainer(home, env, i));
        }
        all.add(Service.sampler(home, env));
        all.add(Service.evaluator(home, env));
        this.services = List.copyOf(all);
    }

    /** The stack of this repository, creating its credentials on first use. */
    public static LocalStack create() {
        StackHome home = StackHome.current();
        return new LocalStack(home, LocalEnv.loadOrCreate(home.envFile()));
    }

    /** As {@link #create()}, with {@code trainers} trainers from now on (kept for the next up, down and status). */
    public static LocalStack create(int trainers) {
        if (trainers < 1 || trainers > Provisioning.PARTITIONS) {
            throw new IllegalArgumentException("--trainers " + trainers + ": from 1 to " + Provisioning.PARTITIONS
                    + " (the partitions of began.runs; a trainer beyond them would hold none)");
        }
        StackHome home = StackHome.current();
        LocalEnv env = LocalEnv.loadOrCreate(home.envFile());
        try {
            Files.createDirectories(home.home());
            Files.writeString(home.trainersFile(), trainers + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.trainersFile(), e);
        }
        return new LocalStack(home, env, trainers);
    }

    /** The stack of this repository, if it was ever started. */
    public static LocalStack existing() {
        StackHome home = StackHome.current();
        return new LocalStack(home, LocalEnv.load(home.envFile()));
    }

    /** The trainers of the last {@code up --trainers N}, or 1. */
    private static int trainers(StackHome home) {
        try {
            return Files.exists(home.trainersFile())
                    ? Integer.parseInt(Files.readString(home.trainersFile()).strip())
                    : 1;
        } catch (IOException | NumberFormatException e) {
            return 1;
        }
    }

    /** The trainer processes, the first at BEGAN_TRAINER_URL. */
    public List<Service> trainers() {
        return services.stream().filter(s -> s.name().startsWith("trainer")).toList();
    }

    public LocalEnv env() {
        return env;
    }

    public StackHome home() {
        return home;
    }

    /** Every component, in start order. */
    public List<StackComponent> components() {
        List<StackComponent> all = new ArrayList<>(List.of(storage, kafka));
        all.addAll(services);
        return all;
    }

    /** The services (trainers, sampler, evaluator), in start order. */
    public List<Service> services() {
        return services;
    }

    public StackComponent component(String name) {
        return components().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + name + "; one of "
                        + components().stream().map(StackComponent::name).toList()));
    }

    /** Starts what is not running and waits for each to be ready; the servers first, then topics and bucket. */
    public void up(PrintStream out, Duration timeout) throws Exception {
        startAndWait(List.of(storage, kafka), out, timeout);
        List<String> created = Provisioning.topics(env);
        if (!created.isEmpty()) {
            out.println("  topics created: " + String.join(", ", created));
        }
        if (Provisioning.bucket(env)) {
            out.println("  bucket created: " + Provisioning.BUCKET);
        }
        stopExtraTrainers(out);
        startAndWait(List.copyOf(services), out, timeout);
    }

    /** Trainers left running by an earlier up with more of them than now. */
    private void stopExtraTrainers(PrintStream out) {
        for (int i = trainers().size() + 1; i <= Provisioning.PARTITIONS; i++) {
            ServerProcess extra = new ServerProcess("trainer-" + i, home);
            if (extra.alive() && extra.stop(Duration.ofSeconds(60))) {
                out.printf(
                        "  %-9s stopped (the stack runs %d trainer(s) now)%n",
                        "trainer-" + i, trainers().size());
            }
        }
    }

    private void startAndWait(List<? extends StackComponent> group, PrintStream out, Duration timeout)
            throws InterruptedException {
        Set<StackComponent> started = new HashSet<>();
        for (StackComponent c : group) {
            if (c.process().alive()) {
                out.printf(
                        "  %-9s already running (pid %d)%n",
                        c.name(), c.process().handle().orElseThrow().pid());
                continue;
            }
            start(c);
            started.add(c);
        }
        // they start in parallel; wait for each in turn
        for (StackComponent c : group) {
            long begun = System.nanoTime();
            long deadline = begun + timeout.toNanos();
            while (!c.ready()) {
                if (!c.process().alive()) {
                    if (started.add(c)) {
                        // it was shutting down when we looked (a stop just before this up): start it again
                        awaitPortFree(c, deadline);
                        start(c);
                        continue;
                    }
                    throw new UserError(c.name() + " exited while starting; the end of "
                            + c.process().log() + ":\n    "
                            + String.join("\n    ", c.process().tail(25)));
                }
                if (System.nanoTime() > deadline) {
                    throw new UserError(c.name() + " not ready after " + timeout.toSeconds() + " s; see "
                            + c.process().log());
                }
                Thread.sleep(POLL.toMillis());
            }
            out.printf(
                    "  %-9s ready   %-24s pid %-8d (%.1f s)%n",
                    c.name(),
                    c.address(),
                    c.process().handle().map(ProcessHandle::pid).orElse(-1L),
                    (System.nanoTime() - begun) / 1e9);
        }
    }

    private void start(StackComponent c) {
        if (listening(c.port())) {
            throw new UserError("port " + c.port() + " (" + c.name() + ") is taken by another "
                    + "process; stop it, or change " + c.address() + " in " + home.envFile());
        }
        c.start();
    }

    private static void awaitPortFree(StackComponent c, long deadline) throws InterruptedException {
        while (listening(c.port()) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Stops every running component, services first. */
    public void down(PrintStream out) {
        List<StackComponent> reverse = new ArrayList<>(components());
        Collections.reverse(reverse);
        // the trainers all at once: one after the other, each would hand its run to the next, which would resume it
        // only to hand it over again
        trainers().forEach(t -> t.process().handle().ifPresent(ProcessHandle::destroy));
        for (StackComponent c : reverse) {
            // the trainer checkpoints its run on SIGTERM; give it time
            if (c.process().stop(Duration.ofSeconds(60))) {
                out.printf("  %-9s stopped%n", c.name());
            }
        }
    }

    /** One line per component: running or not, ready or not, where. */
    public List<Status> status() {
        return components().stream()
                .map(c -> {
                    var handle = c.process().handle();
                    boolean ready = handle.isPresent() && c.ready();
                    String kind = c == storage ? " (" + storage.kind() + ")" : "";
                    return new Status(
                            c.name(),
                            handle.isEmpty() ? "down" : ready ? "up" : "starting",
                            handle.map(ProcessHandle::pid).orElse(null),
                            c.address() + kind,
                            c.process().log().toString());
                })
                .toList();
    }

    /** True when the trainer runs and answers (enough for ./began train to submit to it). */
    public boolean trainerUp() {
        Service trainer = services.get(0);
        return trainer.process().alive() && trainer.ready();
    }

    public record Status(String name, String state, Long pid, String address, String log) {}

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
