package io.began.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.began.cli.Durations;
import io.began.cli.options.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Which stack a command talks to: option, then BEGAN_* variable, then the local stack, then localhost's ports. */
class StackOptionsTest {

    @TempDir
    Path home;

    @Test
    void eachAddressComesFromItsOptionElseItsVariableElseTheLocalStackElseTheDefault() throws Exception {
        Map<String, String> variables = new HashMap<>();
        String before = System.getProperty("began.home");
        System.setProperty("began.home", home.toString());
        try {
            StackAddress none = options(variables).resolve();
            assertEquals(StackAddress.Origin.DEFAULT, none.origin());
            assertEquals("http://localhost:8081", none.trainer());
            assertNull(none.token(), "no token known: reads work, changes answer 401");

            Files.writeString(home.resolve("local.env"), """
                    export BEGAN_TRAINER_URL=http://localhost:18081
                    export BEGAN_SAMPLER_URL=http://localhost:18082
                    export BEGAN_EVALUATOR_URL=http://localhost:18083
                    export BEGAN_API_TOKEN=local-token
                    """);
            StackAddress local = options(variables).resolve();
            assertEquals(
                    new StackAddress(
                            "http://localhost:18081",
                            "http://localhost:18082",
                            "http://localhost:18083",
                            "local-token",
                            StackAddress.Origin.LOCAL),
                    local);

            variables.put("BEGAN_TRAINER_URL", "http://compose:8081");
            variables.put("BEGAN_API_TOKEN", "compose-token");
            StackAddress given = options(variables).resolve();
            assertEquals(StackAddress.Origin.GIVEN, given.origin(), "a named stack is never mistaken for the local");
            assertEquals("http://compose:8081", given.trainer());
            assertEquals("compose-token", given.token());
            assertEquals("http://localhost:18082", given.sampler(), "what is not named comes from further down");

            StackAddress option = options(variables, "--trainer-url", "http://k8s:8081", "--token", "k8s-token")
                    .resolve();
            assertEquals("http://k8s:8081", option.trainer());
            assertEquals("k8s-token", option.token());
        } finally {
            if (before == null) {
                System.clearProperty("began.home");
            } else {
                System.setProperty("began.home", before);
            }
        }
    }

    @Test
    void composeIsReachedOnThePortsItPublishesWithTheTokenOfItsEnvFile() {
        Map<String, String> dotEnv = Map.of(
                "BEGAN_API_TOKEN",
                "t0ken",
                "BEGAN_TRAINER_PORT",
                "18081",
                "EVALUATOR_S3_ACCESS_KEY",
                "began-evaluator",
                "EVALUATOR_S3_SECRET_KEY",
                "s3cret");
        Map<String, String> exports =
                ComposeAddresses.of(dotEnv, key -> key.equals("BEGAN_SAMPLER_PORT") ? "18082" : null);
        assertEquals("http://localhost:18081", exports.get("BEGAN_TRAINER_URL"));
        assertEquals("http://localhost:18082", exports.get("BEGAN_SAMPLER_URL"), "the environment wins, as in compose");
        assertEquals("http://localhost:8083", exports.get("BEGAN_EVALUATOR_URL"), "docker-compose.yml's default");
        assertEquals("t0ken", exports.get("BEGAN_API_TOKEN"));
        assertEquals("began-evaluator", exports.get("S3_ACCESS_KEY"));
        assertThrows(UserError.class, () -> ComposeAddresses.of(Map.of(), key -> null));
    }

    @Test
    void durationsAreWrittenOneWayAndTheOlderSpellingsStillParse() {
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("PT10M"));
        assertEquals(Duration.ofSeconds(180), Durations.parse("180"));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("3m", Durations.format(Duration.ofSeconds(180)));
        for (String bad : new String[] {"", "10x", "m", "PT"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse(bad), bad);
        }
    }

    private static StackOptions options(Map<String, String> variables, String... args) {
        StackOptions options = new StackOptions();
        options.environment = variables::get;
        new CommandLine(new Holder(options)).parseArgs(args);
        return options;
    }

    @CommandLine.Command
    static final class Holder {
        @CommandLine.Mixin
        final StackOptions options;

        Holder(StackOptions options) {
            this.options = options;
        }
    }
}
