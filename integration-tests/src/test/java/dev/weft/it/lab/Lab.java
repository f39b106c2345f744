package dev.weft.it.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives {@code lab/weft-lab} exactly as a user does, with a private namespace prefix and state
 * directory so a user's own lab is never touched.
 */
public final class Lab implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Namespace prefix of this lab (e.g. {@code wlt-}). */
    public final String prefix;
    /** The repository root (holds {@code lab/weft-lab}). */
    public final Path root;
    /** The lab's state directory ({@code WEFT_LAB_STATE}). */
    public final Path state;

    public Lab(String prefix) {
        this.prefix = prefix;
        this.root = findAbove("lab/weft-lab");
        this.state = Path.of("/var/lib/weft-lab-it-" + prefix.replace("-", ""));
    }

    /** The first ancestor of the working directory holding {@code relative}. */
    public static Path findAbove(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Result of one command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code weft-lab ARGS} with a 3-minute limit. */
    public Result lab(String... args) {
        return lab(Duration.ofMinutes(3), args);
    }

    /** Runs {@code weft-lab ARGS} with this lab's prefix and state directory. */
    public Result lab(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("lab/weft-lab").toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("WEFT_LAB_PREFIX", prefix, "WEFT_LAB_STATE", state.toString()), timeout);
    }

    /** Like {@link #labOk(String...)} with extra environment variables (e.g. {@code WEFT_LAB_AGENT_ARGS}). */
    public Result labOk(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("lab/weft-lab").toString());
        cmd.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("WEFT_LAB_PREFIX", prefix);
        all.put("WEFT_LAB_STATE", state.toString());
        Result r = run(cmd, all, Duration.ofMinutes(3));
        if (r.exitCode() != 0) {
            throw new AssertionError("weft-lab " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n"
                    + r.stdout() + r.stderr() + "\n" + logs());
        }
        return r;
    }

    /** Like {@link #lab(String...)}, failing the test (with the logs) on a non-zero exit. */
    public Result labOk(String... args) {
        Result r = lab(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("weft-lab " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n"
                    + r.stdout() + r.stderr() + "\n" + logs());
        }
        return r;
    }

    static Result sh(String... cmd) {
        return run(List.of(cmd), Map.of(), Duration.ofSeconds(30));
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
                throw new AssertionError("timed out: " + cmd);
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

    JsonNode status() {
        try {
            return JSON.readTree(labOk("status", "--json").stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code weft-lab probe --json}: every Pod to every Pod. */
    JsonNode probeJson(int port, String protocol) {
        try {
            return JSON.readTree(labOk("probe", "--port", String.valueOf(port), "--protocol", protocol, "--json").stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code ip -j route} of a namespace, as JSON. */
    JsonNode routes(String ns) {
        try {
            Result r = sh("ip", "-n", ns, "-j", "route", "show");
            return JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode route(JsonNode routes, String dst) {
        for (JsonNode r : routes) {
            if (dst.equals(r.path("dst").asText())) {
                return r;
            }
        }
        return null;
    }

    /** Polls {@code check} until it holds or {@code limit} passes; returns the last value seen. */
    static <T> T await(Duration limit, java.util.function.Supplier<T> probe, Predicate<T> check) {
        long end = System.nanoTime() + limit.toNanos();
        T last = probe.get();
        while (!check.test(last) && System.nanoTime() < end) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = probe.get();
        }
        return last;
    }

    /** The last lines of every log in the state directory, for assertion messages. */
    public String logs() {
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
        lab("down");
    }
}
