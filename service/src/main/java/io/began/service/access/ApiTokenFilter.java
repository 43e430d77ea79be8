package io.began.service.access;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every REST request of a service passes here: a POST, PUT, PATCH or DELETE (unless {@link ReadOnly}) without the
 * API token gets 401 with a JSON body that names what is missing, never the token. Health checks and the dashboard's
 * static files are not REST resources: always open.
 */
public class ApiTokenFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ApiAccess access;

    public ApiTokenFilter(ApiAccess access) {
        this.access = access;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, SimpleResourceInfo resource) {
        boolean changes = CHANGING.contains(request.getMethod()) && !readOnly(resource);
        if (!access.needsToken(changes) || access.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return null;
        }
        String error = request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                ? "this request needs the API token: header Authorization: Bearer <BEGAN_API_TOKEN>"
                : "the API token of this request is not the service's";
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"began\"")
                .entity(Map.of("status", 401, "error", error))
                .build();
    }

    private static boolean readOnly(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return false;
        }
        for (var method : resource.getResourceClass().getMethods()) {
            if (method.getName().equals(resource.getMethodName())
                    && Arrays.equals(method.getParameterTypes(), resource.parameterTypes())) {
                return method.isAnnotationPresent(ReadOnly.class);
            }
        }
        return false;
    }
}
