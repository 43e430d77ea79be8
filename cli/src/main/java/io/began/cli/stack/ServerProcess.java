package io.began.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One server of the stack as a background process: output appended to its log, pid in its pid file. It runs in a
 * session of its own (setsid), so Ctrl-C in the terminal that ran {@code ./began up} does not reach it.
 */
public final class ServerProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final StackHome home;

    public ServerProcess(String name, StackHome home) {
        this.name = name;
        this.home = home;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return home.log(name);
    }

    /** The running process of this server, if its pid file names a live one. */
    public Optional<ProcessHandle> handle() {
        Path pidFile = home.pidFile(name);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this environment. */
    public ProcessHandle start(List<String> command, Map<String, String> env, Path workDir) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        try {
            Files.createDirectories(log().getParent());
            Files.createDirectories(home.pidFile(name).getParent());
            Files.createDirectories(workDir);
            Files.writeString(
                    log(),
                    "---- " + Instant.now() + " starting " + name + ": " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            // setsid execs in place (the child is no group leader), so this pid is the server's own
            Files.writeString(home.pidFile(name), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the server's session (its autogroup: the CFS shares CPU fairly between sessions first) this nice value,
     * so a niced server yields to the others of the stack as its own nice value alone cannot. Nothing to do where the
     * kernel has no autogroups.
     */
    public void niceSession(int nice) {
        handle().ifPresent(h -> {
            Path autogroup = Path.of("/proc", Long.toString(h.pid()), "autogroup");
            try {
                // only once setsid has made it a session of its own: before, its autogroup is the caller's session
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!leadsItsSession(h.pid())) {
                    if (System.nanoTime() > deadline || !h.isAlive()) {
                        return;
                    }
                    Thread.sleep(10);
                }
                if (Files.isWritable(autogroup)) {
                    Files.writeString(autogroup, Integer.toString(nice));
                }
            } catch (IOException e) {
                // not permitted here (a kernel without autogroups, a lower limit): the process's own nice applies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Whether the process is the leader of its session (field 6 of /proc/PID/stat is its pid). */
    private static boolean leadsItsSession(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return fields.length > 3 && fields[3].equals(Long.toString(pid));
    }

    /** SIGTERM (each server shuts down cleanly on it), then SIGKILL after {@code grace}. True when it was running. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = handle();
        handle.ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeout) {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by status if it is still there
                }
            }
        });
        try {
            Files.deleteIfExists(home.pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return handle.isPresent();
    }

    /** The last lines of the log, to show why a server did not come up. */
    public List<String> tail(int lines) {
        try {
            if (!Files.exists(log())) {
                return List.of();
            }
            List<String> all = Files.readAllLines(log());
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log() + ": " + e.getMessage() + ")");
        }
    }
}
