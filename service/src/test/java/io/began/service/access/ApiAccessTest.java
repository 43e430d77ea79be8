package io.began.service.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token rules, as a service in prod mode applies them. */
class ApiAccessTest {

    @Test
    void aServiceWithoutATokenDoesNotStartUnlessItIsMeantToBeOpen() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> new ApiAccess(Optional.empty(), false, false).check(null));
        assertTrue(refused.getMessage().contains("BEGAN_API_TOKEN"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> new ApiAccess(Optional.of("  "), false, false).check(null));
        assertDoesNotThrow(() -> new ApiAccess(Optional.empty(), true, false).check(null));
        assertDoesNotThrow(() -> new ApiAccess(Optional.of("s3cret"), false, false).check(null));
    }

    @Test
    void onlyTheBearerTokenItselfIsAccepted() {
        ApiAccess access = new ApiAccess(Optional.of("s3cret-token"), false, false);
        assertTrue(access.accepts("Bearer s3cret-token"));
        assertTrue(access.accepts("bearer s3cret-token"), "the scheme is case-insensitive");
        assertFalse(access.accepts(null));
        assertFalse(access.accepts("s3cret-token"), "not a bearer header");
        assertFalse(access.accepts("Bearer s3cret-toke"));
        assertFalse(access.accepts("Bearer s3cret-token2"));
        assertFalse(access.accepts("Basic czNjcmV0LXRva2Vu"));
        assertTrue(access.needsToken(true));
        assertFalse(access.needsToken(false), "reads are open by default");
        assertTrue(new ApiAccess(Optional.of("t"), false, true).needsToken(false), "unless closed");
        ApiAccess open = new ApiAccess(Optional.empty(), true, false);
        assertFalse(open.needsToken(true));
        assertTrue(open.accepts(null));
    }
}
