package io.began.cli.options;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The ids and directory names the CLI makes up: a prefix and the local time to the second. */
public final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {}

    /** {@code PREFIX-yyyyMMdd-HHmmss}, e.g. began-20261207-193000. */
    public static String timestamped(String prefix) {
        return prefix + "-" + LocalDateTime.now().format(STAMP);
    }
}
