package io.began.cli.stack;

import java.net.URI;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the three Quarkus services, run from its fast-jar ({@code MODULE/target/quarkus-app}). */
public final class Service implements StackComponent {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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

    public static Service trainer(StackHome home, LocalEnv env) {
        // a fixed identity: after a crash or a down/up the trainer resumes the RUNNING runs it owned
        return new Service("trainer", LocalEnv.TRAINER_URL, "-Xmx2g",
                List.of("-Dbegan.trainer.id=trainer-local",
                        "-Dbegan.trainer.work-dir=" + home.data("trainer").resolve("work")), home, env);
    }

    public static Service sampler(StackHome home, LocalEnv env) {
        return new Service("sampler", LocalEnv.SAMPLER_URL, "-Xmx1g", List.of(), home, env);
    }

    public static Service evaluator(StackHome home, LocalEnv env) {
        // scoring is background work beside training on the same cores: one libtorch thread (several would
        // oversubscribe the cores and stall the trainer's OpenMP threads) and the idle scheduling class
        return new Service("evaluator", LocalEnv.EVALUATOR_URL, "-Xmx2g",
                List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                        // on a laptop the trainer runs many times slower while the evaluator computes (measured
                        // 0.2 vs 1.96 steps/s on 2 cores): score 2000 samples, not 10 000, to keep that short
                        "-Dbegan.evaluator.samples=" + System.getProperty("began.stack.evaluator-samples", "2000")),
                home, env)
                .idle();
    }

    private boolean idle;

    /**
     * Runs the process in the SCHED_IDLE class (chrt --idle): it gets a core only when training leaves one free.
     * At nice 10 it still preempted the trainer's OpenMP threads, and a training step waits for its slowest
     * thread: measured on 2 cores while the evaluator trained its classifier, the demo's run fell from 2.2 to
     * under 0.2 steps/s at nice 10 and ran at 2.3 steps/s in the idle class, the evaluator still progressing.
     */
    private Service idle() {
        this.idle = Files.isExecutable(CHRT);
        return this;
    }

    private static final java.nio.file.Path CHRT = java.nio.file.Path.of("/usr/bin/chrt");

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return env.get(urlKey);
    }

    @Override
    public int port() {
        return env.port(urlKey);
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void start() {
        home.requireBuilt(home.serviceJar(name));
        List<String> command = new ArrayList<>();
        if (idle) {
            command.addAll(List.of(CHRT.toString(), "--idle", "0"));
        }
        command.addAll(List.of(Java.binary(), heap, "-Dquarkus.http.port=" + port()));
        command.addAll(properties);
        command.addAll(List.of("-jar", home.serviceJar(name).toString()));
        process.start(command, Map.of(
                LocalEnv.KAFKA, env.get(LocalEnv.KAFKA),
                LocalEnv.S3_ENDPOINT, env.get(LocalEnv.S3_ENDPOINT),
                LocalEnv.S3_ACCESS_KEY, env.get(LocalEnv.S3_ACCESS_KEY),
                LocalEnv.S3_SECRET_KEY, env.get(LocalEnv.S3_SECRET_KEY),
                // libtorch comes from the Maven native jar; never download one
                "DJL_OFFLINE", "true",
                "OMP_NUM_THREADS", properties.contains("-Dai.djl.pytorch.num_threads=1") ? "1"
                        : Integer.toString(Runtime.getRuntime().availableProcessors())), home.data(name));
    }

    /** Quarkus' readiness check: UP once Kafka and its own checks are. */
    @Override
    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(address() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
