package io.began.service.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request whose Accept header is not a list of media types gets 400 naming the header, before content negotiation
 * sees it: RESTEasy Reactive's negotiation throws on such a value while writing the answer, which came out as a 500
 * (ChaosTest's fuzz found it on {@code Accept: garbage}).
 */
public class AcceptHeader {

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null) {
            return null;
        }
        for (String range : accept.split(",")) {
            String value = range.trim();
            if (value.isEmpty()) {
                continue;
            }
            try {
                MediaType.valueOf(value);
            } catch (IllegalArgumentException e) {
                String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
                return Response.status(Response.Status.BAD_REQUEST)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError(400, "the Accept header is not a list of media types: " + shown, "Accept"))
                        .build();
            }
        }
        return null;
    }
}
