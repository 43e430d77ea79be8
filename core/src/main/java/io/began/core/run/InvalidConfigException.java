package io.began.core.run;

/** A run config value out of range; names the field so a service can answer 400 with it. */
public class InvalidConfigException extends IllegalArgumentException {

    private final String field;

    public InvalidConfigException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
