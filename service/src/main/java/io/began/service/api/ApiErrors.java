package io.began.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.began.core.run.InvalidConfigException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JSON errors of the three services, in one place: an {@link ApiException} as its status says, a bad run config
 * or malformed JSON 400 naming the field; never a stack trace.
 */
public class ApiErrors {

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        return error(e.status(), e.getMessage(), e.field(), e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> invalidConfig(InvalidConfigException e) {
        return error(400, e.getMessage(), e.field(), null);
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
            return error(400, "unknown field " + unknown.getPropertyName(), unknown.getPropertyName(), null);
        }
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
        }
        if (field != null) {
            return error(400, "invalid value for " + field, field, null);
        }
        // Jackson's own text of a mapping error names the Java type it was mapping to: not for clients
        return error(
                400,
                e instanceof JsonMappingException
                        ? "the body is JSON of the wrong shape: this endpoint takes a JSON object of its documented fields"
                        : "malformed JSON: " + e.getOriginalMessage(),
                null,
                null);
    }

    private static RestResponse<ApiError> error(int status, String message, String field, Integer retryAfter) {
        RestResponse.ResponseBuilder<ApiError> response = RestResponse.ResponseBuilder.<ApiError>create(status)
                .entity(new ApiError(status, message, field))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter.toString());
        }
        return response.build();
    }
}
