package io.began.cli.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * tcmalloc under the services' libtorch, as {@code ./began} preloads it for its own commands: glibc hands libtorch's
 * blocks of 32 MB and more back to the kernel on free, so every training step page-faults its activations in again
 * (measured: a 64×64 step 6-9% faster with tcmalloc). Debian's {@code libtcmalloc-minimal4} when installed;
 * {@code BEGAN_MALLOC=glibc} opts out.
 */
final class Tcmalloc {

    private Tcmalloc() {}

    /** The environment that preloads tcmalloc in a child process, or none when it is not installed or opted out. */
    static Map<String, String> preload(Map<String, String> environment) {
        String preload = environment.getOrDefault("LD_PRELOAD", "");
        if ("glibc".equals(environment.get("BEGAN_MALLOC")) || preload.contains("tcmalloc")) {
            return Map.of();
        }
        return library()
                .map(lib -> {
                    Map<String, String> env = new HashMap<>();
                    env.put("LD_PRELOAD", preload.isEmpty() ? lib.toString() : lib + ":" + preload);
                    // its report of single allocations over 1 GiB is noise for a JVM
                    env.put(
                            "TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD",
                            environment.getOrDefault("TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD", "68719476736"));
                    return env;
                })
                .orElse(Map.of());
    }

    /** The installed library, in the multiarch directory of whatever architecture this is. */
    static Optional<Path> library() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu")) {
            for (Path dir : dirs) {
                Path lib = dir.resolve("libtcmalloc_minimal.so.4");
                if (Files.exists(lib)) {
                    return Optional.of(lib);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /usr/lib of that shape (not Linux): glibc's or the platform's malloc
        }
        return Optional.empty();
    }
}
