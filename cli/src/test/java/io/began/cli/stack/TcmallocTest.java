package io.began.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TcmallocTest {

    @Test
    void preloadedWhenInstalledAheadOfWhatIsPreloadedAlready() {
        Map<String, String> env = Tcmalloc.preload(Map.of("LD_PRELOAD", "/opt/other.so"));
        Tcmalloc.library()
                .ifPresentOrElse(
                        lib -> assertEquals(lib + ":/opt/other.so", env.get("LD_PRELOAD")),
                        () -> assertTrue(env.isEmpty(), env.toString()));
    }

    @Test
    void notTwiceAndNotWhenOptedOut() {
        assertTrue(Tcmalloc.preload(Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"))
                .isEmpty());
        assertTrue(Tcmalloc.preload(Map.of("BEGAN_MALLOC", "glibc")).isEmpty());
    }
}
