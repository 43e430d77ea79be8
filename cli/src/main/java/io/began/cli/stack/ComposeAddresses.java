package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where docker-compose.yml publishes the stack on this machine, from its {@code .env} as compose reads it: a
 * variable of the environment wins over the file, and the file over the defaults of docker-compose.yml.
 */
public final class ComposeAddresses {

    private ComposeAddresses() {}

    /** BEGAN_TRAINER_URL, BEGAN_SAMPLER_URL, BEGAN_EVALUATOR_URL, BEGAN_API_TOKEN and the S3 values, in order. */
    public static Map<String, String> of(Map<String, String> dotEnv, UnaryOperator<String> environment) {
        UnaryOperator<String> value = key -> {
            String v = environment.apply(key);
            return v != null && !v.isBlank() ? v : dotEnv.get(key);
        };
        String bind = value.apply("BEGAN_BIND");
        // published on all addresses or on loopback: this machine reaches it on localhost
        String host = bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("127.0.0.1")
                ? "localhost"
                : bind;
        Map<String, String> out = new LinkedHashMap<>();
        out.put(LocalEnv.TRAINER_URL, "http://" + host + ":" + port(value, "BEGAN_TRAINER_PORT", 8081));
        out.put(LocalEnv.SAMPLER_URL, "http://" + host + ":" + port(value, "BEGAN_SAMPLER_PORT", 8082));
        out.put(LocalEnv.EVALUATOR_URL, "http://" + host + ":" + port(value, "BEGAN_EVALUATOR_PORT", 8083));
        String token = value.apply(LocalEnv.API_TOKEN);
        if (token == null || token.isBlank()) {
            throw new UserError(".env has no BEGAN_API_TOKEN: ./began compose-env writes a complete one");
        }
        out.put(LocalEnv.API_TOKEN, token);
        // the evaluator's pair: it reads every run's checkpoints and the classifiers, which is what ./began needs
        out.put(LocalEnv.S3_ENDPOINT, "http://" + host + ":" + port(value, "BEGAN_S3_PORT", 9000));
        out.put(LocalEnv.S3_ACCESS_KEY, value.apply("EVALUATOR_S3_ACCESS_KEY"));
        out.put(LocalEnv.S3_SECRET_KEY, value.apply("EVALUATOR_S3_SECRET_KEY"));
        return out;
    }

    private static String port(UnaryOperator<String> value, String key, int fallback) {
        String v = value.apply(key);
        return v == null || v.isBlank() ? Integer.toString(fallback) : v.strip();
    }
}
