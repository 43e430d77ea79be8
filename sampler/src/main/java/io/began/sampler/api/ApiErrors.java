package io.began.sampler.api;

import io.began.sampler.generators.NoCheckpointYetException;
import io.began.sampler.generators.UnknownRunException;
import io.began.sampler.storage.StorageUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Clear JSON errors: bad parameters 400 naming them, unknown runs 404, no checkpoint yet or storage down 503. */
public class ApiErrors {

    @ServerExceptionMapper
    public RestResponse<ApiError> badParameter(BadParameterException e) {
        return error(400, e.getMessage(), e.field(), null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unknown(UnknownRunException e) {
        return error(404, e.getMessage(), null, null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notYet(NoCheckpointYetException e) {
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
