package io.began.cli.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the three Quarkus services, run from its fast-jar ({@code MODULE/target/quarkus-app}). */
public final class Service implements StackComponent {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String urlKey;
    private final String heap;
    private final List<String> properties;
    private final StackHome home;
    private final LocalEnv env;
    private final ServerProcess process;

    private Service(String name, String urlKey, String heap, List<String> properties, StackHome home, LocalEnv env) {
        this.name = name;
        this.urlKey = urlKey;
        this.heap = heap;
        this.properties = properties;
        this.home = home;
        this.env = env;
        this.process = new ServerProcess(name, home);
    }

    /** Ports of the trainers after the first: the first's plus this step per trainer (8081, 8091, 8101, ...). */
    public static final int TRAINER_PORT_STEP = 10;

    /**
     * Trainer {@code i} (1-based) of the trainer group: {@code trainer} at BEGAN_TRAINER_URL, then {@code trainer-2}
     * and on, each with a fixed identity and work dir of its own, all in the one consumer group of began.runs.
     */
    public static Service trainer(StackHome home, LocalEnv env, int i) {
        String name = i == 1 ? "trainer" : "trainer-" + i;
        String id = i == 1 ? "trainer-local" : "trainer-local-" + i;
        Service trainer = new Service(
                name,
                LocalEnv.TRAINER_URL,
                "-Xmx2g",
                List.of(
                        "-Dbegan.trainer.id=" + id,
                        "-Dbegan.trainer.work-dir=" + home.data(name).resolve("work")),
                home,
                env);
        trainer.portOffset = (i - 1) * TRAINER_PORT_STEP;
        return trainer;
    }

    public static Service trainer(StackHome home, LocalEnv env) {
        return trainer(home, env, 1);
    }

    private int portOffset;

    public static Service sampler(StackHome home, LocalEnv env) {
        return new Service("sampler", LocalEnv.SAMPLER_URL, "-Xmx1g", List.of(), home, env);
    }

    public static Service evaluator(StackHome home, LocalEnv env) {
        // scoring is background work beside training on the same cores: one libtorch thread (several would
        // oversubscribe the cores and stall the trainer's OpenMP threads) and a lower scheduling priority
        return new Service(
                        "evaluator",
                        LocalEnv.EVALUATOR_URL,
                        "-Xmx2g",
                        List.of(
                                "-Dai.djl.pytorch.num_threads=1",
                                "-Dai.djl.pytorch.num_interop_threads=1",
                                // the standard N: measured with ./began bench stack on 2 cores, the demo's run kept 90%
                                // of
                                // its steps/s while a checkpoint was scored (3.54 against 3.94), the evaluator taking
                                // 8% of
                                // the cores; each checkpoint took 57-79 s beside training, 9.5 s alone
                                "-Dbegan.evaluator.samples="
                                        + System.getProperty("began.stack.evaluator-samples", "10000")),
                        home,
                        env)
                .niced(BACKGROUND_NICE);
    }

    /**
     * The evaluator's priority. Every server runs in a session of its own (setsid), and Linux's autogroups share the
     * CPU fairly between sessions whatever a process's own nice value or SCHED_IDLE class: that is why the trainer
     * fell from 2.3 to 0.6-0.8 steps/s while the evaluator trained its classifier on one thread, at nice 10 as in the
     * idle class. The session's autogroup gets the same nice: measured on 2 cores, the demo's run kept 1.8-2.0
     * steps/s during that work (the evaluator taking 22% of one core's time) and 2.2-2.4 outside it.
     * The trainer's OpenMP threads keep libgomp's default, spinning a while before they sleep: with
     * OMP_WAIT_POLICY=PASSIVE the evaluator got 38% of the cores instead of 8% and scored a checkpoint in 16 s
     * instead of 57-79 s, but training fell to 3.07 steps/s outside evaluations and 2.25 during them, against 3.94
     * and 3.54 with the default (./began bench stack, N = 10 000).
     */
    static final int BACKGROUND_NICE = 10;

    private int nice;

    private Service niced(int value) {
        this.nice = value;
        return this;
    }

    private static final Path NICE = Path.of("/usr/bin/nice");

    @Override
    public String name() {
        return name;
    }

    /** The module whose fast-jar this runs: trainer-2 is a trainer. */
    private String module() {
        return name.replaceFirst("-\\d+$", "");
    }

    @Override
    public String address() {
        String url = env.get(urlKey);
        return portOffset == 0 ? url : url.replace(":" + env.port(urlKey), ":" + port());
    }

    @Override
    public int port() {
        return env.port(urlKey) + portOffset;
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void start() {
        home.requireBuilt(home.serviceJar(module()));
        List<String> command = new ArrayList<>();
        if (nice != 0 && Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", Integer.toString(nice)));
        }
        // it listens where its address in local.env says: localhost, so nothing outside this machine reaches it,
        // unless that address is changed
        command.addAll(List.of(
                Java.binary(),
                heap,
                "-Dquarkus.http.port=" + port(),
                "-Dquarkus.http.host=" + URI.create(address()).getHost()));
        command.addAll(properties);
        command.addAll(List.of("-jar", home.serviceJar(module()).toString()));
        Map<String, String> environment = new HashMap<>(Map.of(
                LocalEnv.KAFKA,
                env.get(LocalEnv.KAFKA),
                LocalEnv.S3_ENDPOINT,
                env.get(LocalEnv.S3_ENDPOINT),
                LocalEnv.S3_ACCESS_KEY,
                env.get(LocalEnv.S3_ACCESS_KEY),
                LocalEnv.S3_SECRET_KEY,
                env.get(LocalEnv.S3_SECRET_KEY),
                LocalEnv.API_TOKEN,
                env.get(LocalEnv.API_TOKEN),
                // libtorch comes from the Maven native jar; never download one
                "DJL_OFFLINE",
                "true",
                "OMP_NUM_THREADS",
                properties.contains("-Dai.djl.pytorch.num_threads=1")
                        ? "1"
                        : Integer.toString(Runtime.getRuntime().availableProcessors())));
        // whether the stack was started by ./began (which preloads it already) or by the jar itself
        environment.putAll(Tcmalloc.preload(System.getenv()));
        process.start(command, environment, home.data(name));
        if (nice != 0) {
            process.niceSession(nice);
        }
    }

    /** Quarkus' readiness check: UP once Kafka and its own checks are. */
    @Override
    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(address() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
