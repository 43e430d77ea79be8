package io.began.evaluator.api;

import io.began.evaluator.storage.StorageUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Clear JSON errors: an invalid run id 400 naming it, an unknown run 404, nothing yet or storage down 503. */
public class ApiErrors {

    /** Bad input. */
    public static class BadRequest extends RuntimeException {
        final String field;

        public BadRequest(String message, String field) {
            super(message);
            this.field = field;
        }
    }

    /** No such run on the topics. */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The run exists but has nothing of this kind yet; try again later. */
    public static class NotYet extends RuntimeException {
        public NotYet(String message) {
            super(message);
        }
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badRequest(BadRequest e) {
        return error(400, e.getMessage(), e.field, null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(NotFound e) {
        return error(404, e.getMessage(), null, null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notYet(NotYet e) {
        return error(503, e.getMessage(), null, "10");
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> storage(StorageUnavailableException e) {
        return error(503, e.getMessage(), null, "10");
    }

    private static RestResponse<ApiError> error(int status, String message, String field, String retryAfter) {
        RestResponse.ResponseBuilder<ApiError> response = RestResponse.ResponseBuilder.<ApiError>create(status)
                .entity(new ApiError(status, message, field))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }
}
