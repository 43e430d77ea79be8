package io.began.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What a client reads when its JSON is bad: the field at fault, or the kind of fault; never a Java type's name. */
class ApiErrorsTest {

    record Request(String dataset, int imageSize) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static ApiError answer(String body) {
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> JSON.readValue(body, Request.class));
        var response = new ApiErrors().badJson(e);
        assertEquals(400, response.getStatus());
        return response.getEntity();
    }

    @Test
    void namesTheFieldOfAWrongValue() {
        ApiError error = answer("{\"dataset\": \"x\", \"imageSize\": {\"a\": 1}}");
        assertEquals("imageSize", error.field());
        assertEquals("invalid value for imageSize", error.error());
    }

    @Test
    void namesAnUnknownField() {
        assertEquals("unknown field colour", answer("{\"colour\": 1}").error());
    }

    @Test
    void aBodyOfTheWrongShapeNamesNoJavaType() {
        for (String body : new String[] {"[1, 2]", "\"a string\"", "42"}) {
            ApiError error = answer(body);
            assertNull(error.field());
            assertTrue(error.error().contains("wrong shape"), error.error());
            assertFalse(
                    error.error().contains("Request")
                            || error.error().contains("io.began")
                            || error.error().contains("$"),
                    error.error());
        }
    }

    @Test
    void malformedJsonSaysWhere() {
        String error = answer("{\"dataset\": ").error();
        assertTrue(error.startsWith("malformed JSON: "), error);
        assertFalse(error.contains("io.began"), error);
    }
}
