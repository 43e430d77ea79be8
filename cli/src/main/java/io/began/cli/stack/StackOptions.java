package io.began.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The stack a command talks to, as options every such command takes ({@code @Mixin}): each address and the token
 * come from its option, else from its {@code BEGAN_*} variable (what {@code eval "$(./began env)"} exports), else
 * from the local stack's {@code .began/local.env}, else the port that both the local stack and docker compose
 * publish on localhost. So the local stack needs nothing, a compose stack only its token, and a port-forwarded
 * Kubernetes stack its token and the forwarded addresses.
 */
public final class StackOptions {

    static final String DEFAULT_TRAINER = "http://localhost:8081";
    static final String DEFAULT_SAMPLER = "http://localhost:8082";
    static final String DEFAULT_EVALUATOR = "http://localhost:8083";

    @Option(
            names = "--trainer-url",
            paramLabel = "URL",
            description = "the trainer's address (default: " + "$BEGAN_TRAINER_URL, else the local stack's, else "
                    + DEFAULT_TRAINER + ")")
    String trainerUrl;

    @Option(
            names = "--sampler-url",
            paramLabel = "URL",
            description = "the sampler's address (default: " + "$BEGAN_SAMPLER_URL, else the local stack's, else "
                    + DEFAULT_SAMPLER + ")")
    String samplerUrl;

    @Option(
            names = "--evaluator-url",
            paramLabel = "URL",
            description = "the evaluator's address (default: " + "$BEGAN_EVALUATOR_URL, else the local stack's, else "
                    + DEFAULT_EVALUATOR + ")")
    String evaluatorUrl;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "the API token of requests that change "
                    + "something (default: $BEGAN_API_TOKEN, else the local stack's)")
    String token;

    /** The process environment; a test gives its own. */
    UnaryOperator<String> environment = System::getenv;

    /** The addresses and token, each from the first of: option, variable, local stack, default. */
    public StackAddress resolve() {
        LocalEnv local = localEnv();
        boolean given = trainerUrl != null
                || samplerUrl != null
                || evaluatorUrl != null
                || blank(environment.apply(LocalEnv.TRAINER_URL)) != null
                || blank(environment.apply(LocalEnv.SAMPLER_URL)) != null
                || blank(environment.apply(LocalEnv.EVALUATOR_URL)) != null;
        StackAddress.Origin origin = given
                ? StackAddress.Origin.GIVEN
                : local != null ? StackAddress.Origin.LOCAL : StackAddress.Origin.DEFAULT;
        return new StackAddress(
                pick(trainerUrl, LocalEnv.TRAINER_URL, local, DEFAULT_TRAINER),
                pick(samplerUrl, LocalEnv.SAMPLER_URL, local, DEFAULT_SAMPLER),
                pick(evaluatorUrl, LocalEnv.EVALUATOR_URL, local, DEFAULT_EVALUATOR),
                pick(token, LocalEnv.API_TOKEN, local, null),
                origin);
    }

    private String pick(String option, String variable, LocalEnv local, String fallback) {
        if (blank(option) != null) {
            return option.strip();
        }
        String fromEnvironment = blank(environment.apply(variable));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        if (local != null && local.all().containsKey(variable)) {
            return local.get(variable);
        }
        return fallback;
    }

    private static LocalEnv localEnv() {
        Path file = StackHome.current().envFile();
        return Files.exists(file) ? LocalEnv.load(file) : null;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
