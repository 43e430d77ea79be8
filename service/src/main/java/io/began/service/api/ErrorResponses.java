package io.began.service.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The error answers of the three APIs in their OpenAPI documents, from the rules {@link ApiErrors} and
 * {@link io.began.service.access.ApiTokenFilter} apply to every endpoint, so the document cannot forget one: the JSON
 * error body ({@code ApiError}, with an example) for 400 (bad parameters or body), 401 (a change without the API
 * token), 404 (no such run, sweep or checkpoint) and 503 (object storage or Kafka did not answer; Retry-After).
 * Operations marked {@code x-began-read-only} (a POST that changes nothing) need no token. Registered with
 * {@code mp.openapi.filter} in each service's application.properties.
 */
public class ErrorResponses implements OASFilter {

    /** The extension that marks a POST that changes nothing, as {@link io.began.service.access.ReadOnly} does. */
    public static final String READ_ONLY = "x-began-read-only";

    private static final String REF = "#/components/schemas/ApiError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() != null ? openAPI.getComponents() : OASFactory.createComponents();
        openAPI.setComponents(components);
        components.addSchema(
                "ApiError",
                OASFactory.createSchema()
                        .addType(Schema.SchemaType.OBJECT)
                        .description("Every error answer: the HTTP status again, what is wrong, and the field at fault")
                        .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                        .addProperty("error", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                        .addProperty(
                                "field",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.STRING)
                                        .addType(Schema.SchemaType.NULL))
                        .required(List.of("status", "error"))
                        .example(Map.of("status", 400, "error", "invalid value for gamma", "field", "gamma")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api")) {
                return;
            }
            item.getOperations().forEach((method, operation) -> describe(path, method, operation));
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        boolean readOnly = operation.getExtensions() != null
                && "true".equals(String.valueOf(operation.getExtensions().get(READ_ONLY)));
        boolean changes = !readOnly
                && method != PathItem.HttpMethod.GET
                && method != PathItem.HttpMethod.HEAD
                && method != PathItem.HttpMethod.OPTIONS;
        boolean input = operation.getRequestBody() != null
                || operation.getParameters() != null
                        && !operation.getParameters().isEmpty();
        if (input) {
            add(
                    operation,
                    "400",
                    "Bad input: a parameter or body field out of range, malformed or of the wrong "
                            + "shape (the field is named)");
        }
        if (changes) {
            add(operation, "401", "This request changes something and needs Authorization: Bearer <BEGAN_API_TOKEN>");
        }
        if (path.contains("{")) {
            add(operation, "404", "No such run, sweep or checkpoint");
        }
        APIResponse unavailable = error("Object storage or Kafka did not answer: retry after Retry-After seconds");
        unavailable.addHeader(
                "Retry-After",
                OASFactory.createHeader()
                        .description("seconds")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        if (!operation.getResponses().hasAPIResponse("503")) {
            operation.getResponses().addAPIResponse("503", unavailable);
        }
    }

    private static void add(Operation operation, String status, String description) {
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, error(description));
        }
    }

    private static APIResponse error(String description) {
        return OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                "application/json",
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(REF))));
    }
}
