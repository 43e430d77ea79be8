package io.began.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The began script's own command: {@code demo --help} explains the demo and starts nothing (no build, no stack). */
class BeganScriptTest {

    @Test
    void demoHelpStartsNothing() throws Exception {
        Path script = Path.of("../began").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", script.toString(), "demo", "--seed", "3", "--help")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "demo --help returns at once");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("Usage: ./began demo [TRAIN FLAGS...]"), output);
        assertTrue(!output.contains("began: building") && !output.contains("starting the local stack"), output);
    }
}
