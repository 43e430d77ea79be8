package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code began up | down | status | logs | env}: the local stack. */
public final class StackCommands {

    private StackCommands() {}

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start the local stack: S3 server, Kafka, trainer, sampler, evaluator (data in .began/).")
    public static final class Up implements Callable<Integer> {

        @Option(
                names = "--timeout",
                description = "how long to wait for each component (default: ${DEFAULT-VALUE})",
                defaultValue = "3m")
        Duration timeout;

        @Option(
                names = "--trainers",
                paramLabel = "N",
                description = "trainer processes, one consumer group sharing the runs (default: as the last up, "
                        + "else 1; at most the partitions of began.runs)")
        Integer trainers;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = trainers == null ? LocalStack.create() : LocalStack.create(trainers);
            System.out.println(
                    "began: starting the local stack (" + stack.home().home() + ")");
            stack.up(System.out, timeout);
            System.out.println("began: the stack is up. Credentials for scripts: eval \"$(./began env)\"");
            for (Service trainer : stack.trainers()) {
                System.out.printf("  %-9s %s/api/runs%n", trainer.name(), trainer.address());
            }
            System.out.println("  sampler   " + stack.env().get(LocalEnv.SAMPLER_URL));
            System.out.println("  dashboard " + stack.env().get(LocalEnv.EVALUATOR_URL) + "/");
            System.out.println("  metrics   kcat -b " + stack.env().get(LocalEnv.KAFKA) + " -C -t began.metrics");
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop the local stack; its data stays in .began/data for the next up.")
    public static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            LocalStack stack = LocalStack.existing();
            stack.down(System.out);
            System.out.println("began: the stack is down (data kept in "
                    + stack.home().home().resolve("data") + ")");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "What is wrong with the local stack, if anything: each component up, starting or down "
                    + "(pid, address, log); each service's background jobs whose last run failed, and why; the "
                    + "records on each dead-letter topic. Exit code 0 when all is healthy, 3 otherwise.")
    public static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            StackHome home = StackHome.current();
            if (!Files.exists(home.envFile())) {
                System.out.println("no local stack yet: ./began up");
                return 3;
            }
            LocalStack stack = LocalStack.existing();
            List<String> problems = new ArrayList<>();
            System.out.printf("%-10s %-9s %-8s %-34s %s%n", "component", "state", "pid", "address", "log");
            for (LocalStack.Status s : stack.status()) {
                System.out.printf(
                        "%-10s %-9s %-8s %-34s %s%n",
                        s.name(), s.state(), s.pid() == null ? "-" : s.pid(), s.address(), s.log());
                if (!s.state().equals("up")) {
                    problems.add(s.name() + " is " + s.state());
                }
            }

            System.out.println();
            List<StackHealth.FailedJob> failed = new ArrayList<>();
            for (Service service : stack.services()) {
                failed.addAll(StackHealth.failedJobs(service.name(), service.address()));
            }
            System.out.println(failed.isEmpty() ? "background jobs: none failed" : "background jobs that failed:");
            for (StackHealth.FailedJob f : failed) {
                System.out.printf("  %-10s %s: %s%n", f.service(), f.job(), f.outcome());
                problems.add(f.service() + ": " + f.job() + " failed");
            }

            System.out.println();
            System.out.println("dead-letter topics (records):");
            try {
                StackHealth.deadLetters(stack.env()).forEach((topic, count) -> {
                    System.out.printf("  %-30s %d%n", topic, count);
                    if (count > 0) {
                        problems.add(count + " record(s) on " + topic);
                    }
                });
            } catch (Exception e) {
                System.out.println("  cannot be counted: Kafka does not answer (" + e.getMessage() + ")");
                problems.add("dead-letter topics not counted");
            }

            System.out.println();
            if (problems.isEmpty()) {
                System.out.println("began: the stack is healthy");
                return 0;
            }
            System.out.println("began: " + problems.size() + " problem(s): " + String.join("; ", problems));
            return 3;
        }
    }

    @Command(
            name = "env",
            mixinStandardHelpOptions = true,
            description = {
                "Print a stack's addresses and credentials as export lines, for scripts and for every "
                        + "./began command that talks to a stack: eval \"$(./began env)\" for the local stack, "
                        + "eval \"$(./began env --compose)\" for docker compose's (read from its .env)."
            })
    public static final class Env implements Callable<Integer> {

        @Option(
                names = "--compose",
                description = "the compose stack's: service addresses on the ports it "
                        + "publishes, its API token, and the evaluator's S3 pair (Kafka needs a user there: see "
                        + "docs/deploy-compose.md)")
        boolean compose;

        @Option(
                names = "--env-file",
                paramLabel = "FILE",
                description = "with --compose: the stack's .env " + "(default: .env in the repository)")
        Path envFile;

        @Override
        public Integer call() {
            if (!compose) {
                LocalEnv.load(StackHome.current().envFile()).exports().forEach(System.out::println);
                return 0;
            }
            Path file =
                    envFile != null ? envFile : StackHome.current().repository().resolve(".env");
            if (!Files.exists(file)) {
                throw new UserError(
                        file + " is missing: ./began compose-env writes it, then docker " + "compose up -d");
            }
            ComposeAddresses.of(LocalEnv.load(file).all(), System::getenv)
                    .forEach((k, v) -> System.out.println("export " + k + "=" + v));
            return 0;
        }
    }

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description = "The logs of the stack's components (all, or the one named).")
    public static final class Logs implements Callable<Integer> {

        @Parameters(
                arity = "0..1",
                paramLabel = "COMPONENT",
                description = "s3 | kafka | trainer | sampler | evaluator (default: all)")
        String component;

        @Option(
                names = {"-n", "--lines"},
                description = "last lines of each log (default: ${DEFAULT-VALUE})",
                defaultValue = "40")
        int lines;

        @Option(
                names = {"-f", "--follow"},
                description = "keep printing what is appended, until Ctrl-C")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = LocalStack.existing();
            List<StackComponent> chosen = component == null ? stack.components() : List.of(stack.component(component));
            Map<String, Long> positions = new LinkedHashMap<>();
            for (StackComponent c : chosen) {
                Path log = c.process().log();
                String prefix = chosen.size() > 1 ? "[" + c.name() + "] " : "";
                if (chosen.size() > 1 && !follow) {
                    System.out.println("==> " + log + " <==");
                }
                for (String line : c.process().tail(lines)) {
                    System.out.println(prefix + line);
                }
                positions.put(c.name(), Files.exists(log) ? Files.size(log) : 0L);
            }
            while (follow) {
                boolean any = false;
                for (StackComponent c : chosen) {
                    String prefix = chosen.size() > 1 ? "[" + c.name() + "] " : "";
                    long from = positions.get(c.name());
                    List<String> appended = new ArrayList<>();
                    long to = readFrom(c.process().log(), from, appended);
                    positions.put(c.name(), to);
                    appended.forEach(l -> System.out.println(prefix + l));
                    any |= !appended.isEmpty();
                }
                if (!any) {
                    Thread.sleep(300);
                }
            }
            return 0;
        }

        /** Complete lines appended after {@code from}; returns the position after the last one read. */
        private static long readFrom(Path log, long from, List<String> lines) throws IOException {
            if (!Files.exists(log)) {
                return 0;
            }
            long size = Files.size(log);
            if (size < from) {
                from = 0; // truncated or replaced
            }
            if (size == from) {
                return from;
            }
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                file.seek(from);
                byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
                file.readFully(bytes);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    return from;
                }
                String text = new String(bytes, 0, end - 1, StandardCharsets.UTF_8);
                lines.addAll(List.of(text.split("\n", -1)));
                return from + end;
            }
        }
    }
}
