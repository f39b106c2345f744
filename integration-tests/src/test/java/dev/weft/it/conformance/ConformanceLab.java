package dev.weft.it.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code lab/weft-lab} as a user does, with a private namespace prefix and state directory
 * (the same conventions as {@code dev.weft.it.lab.Lab}: state {@code /var/lib/weft-lab-it-<prefix>}),
 * so a user's own lab is never touched.
 */
final class ConformanceLab implements AutoCloseable {
    final String prefix;
    final Path root;
    final Path state;

    ConformanceLab(String prefix) {
        this.prefix = prefix;
        this.root = findAbove("lab/weft-lab");
        this.state = Path.of("/var/lib/weft-lab-it-" + prefix.replace("-", ""));
    }

    /** The first ancestor of the working directory holding {@code relative}. */
    static Path findAbove(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Result of one command. */
    record Result(int exitCode, String stdout, String stderr) {}

    Result lab(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("lab/weft-lab").toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("WEFT_LAB_PREFIX", prefix, "WEFT_LAB_STATE", state.toString()), timeout);
    }

    Result labOk(String... args) {
        Result r = lab(Duration.ofMinutes(3), args);
        if (r.exitCode() != 0) {
            throw new AssertionError("weft-lab " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n"
                    + r.stdout() + r.stderr() + "\n" + logs());
        }
        return r;
    }

    static Result run(List<String> cmd, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Path out = Files.createTempFile("weft-it", ".out");
            Path err = Files.createTempFile("weft-it", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + cmd + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last lines of every log file of the lab. */
    String logs() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(state)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("==== ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        } catch (IOException | RuntimeException e) {
            b.append("(no logs: ").append(e).append(")");
        }
        return b.toString();
    }

    @Override
    public void close() {
        lab(Duration.ofMinutes(3), "down");
    }
}
