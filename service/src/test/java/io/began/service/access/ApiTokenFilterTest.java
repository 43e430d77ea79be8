package io.began.service.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.junit.jupiter.api.Test;

/**
 * The filter on requests as RESTEasy Reactive hands them over (the shipped jars are checked end to end by
 * LocalStackTest): which requests need the token, and what a refused one gets.
 */
class ApiTokenFilterTest {

    private static final String TOKEN = "filter-test-token-91c2";

    /** Resource methods of each kind the services have. */
    static class Resource {
        public void create(String body) {}

        @ReadOnly
        public void reconstruct(byte[] image) {}

        public void list() {}
    }

    private final ApiTokenFilter filter = new ApiTokenFilter(new ApiAccess(Optional.of(TOKEN), false, false));

    @Test
    void whatChangesSomethingNeedsTheTokenAndWhatReadsDoesNot() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            Response refused = filter.check(request(method, null), resource("create", String.class));
            assertNotNull(refused, method + " without a token");
            assertEquals(401, refused.getStatus());
            assertTrue(refused.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) refused.getEntity();
            assertEquals(401, body.get("status"));
            assertTrue(body.get("error").toString().contains("BEGAN_API_TOKEN"), body.toString());
            assertNull(
                    filter.check(request(method, "Bearer " + TOKEN), resource("create", String.class)),
                    method + " with the token passes");
        }
        Response wrong = filter.check(request("POST", "Bearer " + TOKEN + "x"), resource("create", String.class));
        assertEquals(401, wrong.getStatus());
        assertFalse(wrong.getEntity().toString().contains(TOKEN), "no hint of the token");
        assertEquals(
                401,
                filter.check(request("DELETE", TOKEN), resource("create", String.class))
                        .getStatus(),
                "the token without the Bearer scheme");

        assertNull(filter.check(request("GET", null), resource("list")), "reads are open");
        assertNull(
                filter.check(request("POST", null), resource("reconstruct", byte[].class)),
                "a POST marked read-only is open");
        ApiTokenFilter closed = new ApiTokenFilter(new ApiAccess(Optional.of(TOKEN), false, true));
        assertEquals(401, closed.check(request("GET", null), resource("list")).getStatus(), "reads closed");
        ApiTokenFilter open = new ApiTokenFilter(new ApiAccess(Optional.empty(), true, false));
        assertNull(open.check(request("DELETE", null), resource("create", String.class)), "an open API");
    }

    private static ContainerRequestContext request(String method, String authorization) {
        return (ContainerRequestContext) Proxy.newProxyInstance(
                ApiTokenFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeaderString" -> "Authorization".equals(args[0]) ? authorization : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static SimpleResourceInfo resource(String name, Class<?>... parameters) {
        return (SimpleResourceInfo) Proxy.newProxyInstance(
                ApiTokenFilterTest.class.getClassLoader(),
                new Class<?>[] {SimpleResourceInfo.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getResourceClass" -> Resource.class;
                    case "getMethodName" -> name;
                    case "parameterTypes" -> parameters;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
