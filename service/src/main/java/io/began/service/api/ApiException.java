package io.began.service.api;

/**
 * A request that cannot be answered as asked, with the HTTP status that says why; {@link ApiErrors} turns it into
 * the JSON error. The services' own exceptions extend the kinds below.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String field;
    private final Integer retryAfterSeconds;

    protected ApiException(int status, String message, String field, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }

    /** When to try again (503), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Input the API cannot take: 400 naming the field. */
    public static class BadRequest extends ApiException {
        public BadRequest(String field, String message) {
            super(400, message, field, null, null);
        }
    }

    /** Nothing with this id: 404. */
    public static class NotFound extends ApiException {
        public NotFound(String message) {
            super(404, message, null, null, null);
        }
    }

    /** The request does not fit the state of what it names (or the id is taken): 409. */
    public static class Conflict extends ApiException {
        public Conflict(String message) {
            super(409, message, null, null, null);
        }
    }

    /** Not now (object storage away, nothing to serve yet): 503 with Retry-After; the request can be repeated. */
    public static class Unavailable extends ApiException {
        public Unavailable(String message, Throwable cause) {
            super(503, message, null, 10, cause);
        }
    }
}
