package io.began.core.events;

/** A consumed record that is not an event this consumer can read; its message is the dead letter's reason. */
public class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String reason) {
        super(reason);
    }
}
