package io.began.cli.options;

/**
 * A command that cannot do what was asked, for a reason the user can act on (no stack here, a service that does not
 * answer, a file missing): {@code began} prints its message as one line and exits with 2. Anything else that escapes
 * a command is a bug and is printed with its stack trace.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
