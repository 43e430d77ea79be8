package io.began.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Accept headers that are media types pass to negotiation; one that is not is a 400 naming it. */
class AcceptHeaderTest {

    private static ContainerRequestContext request(String accept) {
        return (ContainerRequestContext) Proxy.newProxyInstance(
                AcceptHeaderTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getHeaderString" -> "Accept".equals(args[0]) ? accept : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void mediaTypesPass() {
        for (String accept : new String[] {
            null,
            "*/*",
            "application/json",
            "image/png, */*;q=0.5",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/event-stream",
            ""
        }) {
            assertNull(new AcceptHeader().check(request(accept)), accept);
        }
    }

    @Test
    void somethingElseIs400() {
        for (String accept : new String[] {"garbage", "application/json, nonsense", "a/b/c"}) {
            Response refused = new AcceptHeader().check(request(accept));
            assertEquals(400, refused.getStatus(), accept);
            ApiError error = (ApiError) refused.getEntity();
            assertEquals("Accept", error.field());
            assertTrue(error.error().startsWith("the Accept header is not a list of media types"), error.error());
        }
    }
}
