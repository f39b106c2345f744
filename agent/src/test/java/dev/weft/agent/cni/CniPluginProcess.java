package dev.weft.agent.cni;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code weft} plugin launcher (cni-plugin/target/dist/weft) as a child process,
 * exactly as a container runtime does: a clean environment with the CNI variables, the network
 * configuration on stdin, the result read from stdout.
 */
final class CniPluginProcess {
    /** Exit code and stdout of one invocation. */
    record Result(int exitCode, String stdout, String stderr) {}

    private CniPluginProcess() {}

    /**
     * The plugin distribution directory: system property {@code weft.cni.plugin.dist}, else
     * {@code ../cni-plugin/target/dist} next to this module (built by cni-plugin's package phase,
     * which runs before the agent's tests in a reactor build).
     */
    static Path launcher() {
        String dist = System.getProperty("weft.cni.plugin.dist", "../cni-plugin/target/dist");
        Path launcher = Path.of(dist, "weft").toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher) || !Files.exists(Path.of(dist, "weft.jar"))) {
            throw new IllegalStateException("weft plugin launcher not found at " + launcher
                    + ": build cni-plugin first (mvn -pl cni-plugin package) or set -Dweft.cni.plugin.dist=DIR");
        }
        return launcher;
    }

    static Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("WEFT_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("plugin did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
