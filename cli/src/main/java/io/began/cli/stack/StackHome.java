package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local stack lives: {@code .began/} under the repository (git-ignored) holds the credentials, the servers'
 * data (kept across {@code down}/{@code up}), their logs and pid files. The repository root also holds the jars the
 * stack runs: the servers' classpath ({@code deploy/local/target/lib}) and the services' Quarkus apps.
 */
public record StackHome(Path repository, Path home) {

    /** From the system properties the {@code ./began} script sets; the working directory otherwise. */
    public static StackHome current() {
        Path repository =
                Path.of(System.getProperty("began.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty(
                        "began.home", repository.resolve(".began").toString()))
                .toAbsolutePath()
                .normalize();
        return new StackHome(repository, home);
    }

    public Path envFile() {
        return home.resolve("local.env");
    }

    /** How many trainers the stack runs, as the last {@code up --trainers N} asked (1 if never). */
    public Path trainersFile() {
        return home.resolve("trainers");
    }

    public Path data(String component) {
        return home.resolve("data").resolve(component);
    }

    public Path config(String file) {
        return home.resolve("config").resolve(file);
    }

    public Path log(String component) {
        return home.resolve("logs").resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return home.resolve("pids").resolve(component + ".pid");
    }

    /** The classpath of the Kafka broker and S3Proxy, copied there by {@code ./mvnw package}. */
    public Path serverLib() {
        return repository.resolve("deploy/local/target/lib");
    }

    /** The runnable Quarkus app of a service module. */
    public Path serviceJar(String module) {
        return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Fails with what to run when a jar the stack needs has not been built. */
    public void requireBuilt(Path jarOrDir) {
        if (!Files.exists(jarOrDir)) {
            throw new UserError(jarOrDir + " is missing: build first (./mvnw -B package -DskipTests; "
                    + "./began up does this for you)");
        }
    }
}
