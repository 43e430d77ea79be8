package io.began.core.events;

import java.util.regex.Pattern;

/** Run ids are safe as object keys, Kafka keys and Kubernetes names: {@code [a-z0-9][a-z0-9-]{0,62}}. */
public final class RunId {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private RunId() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(problem(id));
        }
        return id;
    }

    /** Why {@code id} is not a run id, for error messages. */
    public static String problem(String id) {
        return "runId must match [a-z0-9][a-z0-9-]{0,62}, was '" + id + "'";
    }
}
