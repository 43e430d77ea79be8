package io.began.trainer.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.began.core.train.InvalidConfigException;
import io.began.trainer.storage.StorageException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to clear JSON errors: bad input 400 naming the field, unknown run 404, conflicts 409, storage 503. */
public class ApiErrors {

    @ServerExceptionMapper
    public RestResponse<ApiError> invalidConfig(InvalidConfigException e) {
        return error(400, e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badRequest(BadRequestException e) {
        return error(400, e.getMessage(), e.field());
    }

    /** More specific than quarkus-rest-jackson's own mapper for this type, so ours answers. */
    @ServerExceptionMapper
    public RestResponse<ApiError> unknownField(UnrecognizedPropertyException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> mismatch(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badJson(JsonProcessingException e) {
        if (e.getCause() instanceof InvalidConfigException invalid) {
            return invalidConfig(invalid);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return error(400, "unknown field " + unknown.getPropertyName(), unknown.getPropertyName());
        }
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
        }
        return error(400, field != null ? "invalid value for " + field : "malformed JSON: " + e.getOriginalMessage(),
                field);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(RunNotFoundException e) {
        return error(404, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> sweepNotFound(io.began.trainer.sweeps.SweepNotFoundException e) {
        return error(404, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> conflict(RunConflictException e) {
        return error(409, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> storage(StorageException e) {
        return RestResponse.ResponseBuilder.<ApiError>create(503)
                .entity(new ApiError(503, e.getMessage(), null))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", "10")
                .build();
    }

    private static RestResponse<ApiError> error(int status, String message, String field) {
        return RestResponse.ResponseBuilder.<ApiError>create(Response.Status.fromStatusCode(status))
                .entity(new ApiError(status, message, field))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
