package io.began.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code began demo}: its help explains the demo and starts nothing; train's flags it cannot honour are refused. */
class DemoCommandTest {

    @TempDir
    Path root;

    @Test
    void helpStartsNothingAndSaysTheDemosDefaults() {
        String before = System.getProperty("began.root");
        System.setProperty("began.root", root.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code = Began.execute("demo", "--seed", "3", "--help");
        } finally {
            System.setOut(stdout);
            if (before == null) {
                System.clearProperty("began.root");
            } else {
                System.setProperty("began.root", before);
            }
        }
        String help = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, help);
        assertTrue(help.startsWith("Usage: began demo"), help);
        assertTrue(help.matches("(?s).*--steps=<steps>\\s+total steps \\(the demo's default: 2000\\).*"), help);
        assertTrue(help.contains("--n=<n>") && help.contains("small-grey"), help);
        assertFalse(
                help.contains("--local") || help.contains("--trainer-url"), "flags the demo does not take: " + help);
        assertFalse(Files.exists(root.resolve(".began")), "no stack was set up");
    }

    @Test
    void flagsForAnotherStackOrAnInProcessRunAreRefused() {
        for (String flag : new String[] {"--local", "--detach", "--trainer-url=http://x:1"}) {
            StringWriter err = new StringWriter();
            assertEquals(2, Began.execute(new PrintWriter(err, true), "demo", flag), flag);
            assertTrue(err.toString().contains("Unknown option"), err.toString());
        }
    }
}
