package io.began.cli.stack;

import java.nio.file.Path;

/** The java binary of this JVM, used for every server so the stack runs on the JDK the user built with. */
final class Java {

    private Java() {}

    static String binary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
