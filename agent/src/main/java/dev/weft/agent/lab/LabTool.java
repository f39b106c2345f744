package dev.weft.agent.lab;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weft-lab apply|delete|conformance}, the lab commands written in Java. The lab script runs
 * {@code java -cp weft-agent.jar dev.weft.agent.lab.LabTool ARGS...} with these environment
 * variables:
 * <ul>
 *   <li>{@code WEFT_LAB_STATE}: the lab's state directory (default {@code /var/lib/weft-lab}); the
 *       datastore is its {@code datastore/} subdirectory;
 *   <li>{@code WEFT_LAB_PREFIX}: the namespace prefix (default {@code wl-}); nodes are
 *       {@code <prefix>node1..N}, N read from {@code $WEFT_LAB_STATE/nodes};
 *   <li>{@code WEFT_LAB}: absolute path of the {@code weft-lab} script, called back for
 *       {@code pod add|delete} and {@code probe} (conformance only).
 * </ul>
 * Exit codes: 0 success, 1 failure (a bad file, an object not found, a failed case), 2 usage error.
 */
@Command(name = "weft-lab", mixinStandardHelpOptions = true,
        description = "Lab commands: apply and delete objects in the datastore, run NetworkPolicy conformance cases.",
        subcommands = {ApplyCommand.class, DeleteCommand.class, ConformanceCommand.class})
public final class LabTool implements Runnable {
    /** Default state directory, as in the lab script. */
    public static final String DEFAULT_STATE = "/var/lib/weft-lab";
    /** Default namespace prefix, as in the lab script. */
    public static final String DEFAULT_PREFIX = "wl-";

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    /** Replaces {@link ScriptLabDriver} for conformance (tests). */
    LabDriver driver;

    LabTool(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: apply, delete or conformance");
    }

    /** {@code $WEFT_LAB_STATE}, or the default. */
    Path state() {
        String s = env.get("WEFT_LAB_STATE");
        return Path.of(s == null || s.isBlank() ? DEFAULT_STATE : s);
    }

    /** {@code $WEFT_LAB_PREFIX}, or the default. */
    String prefix() {
        String s = env.get("WEFT_LAB_PREFIX");
        return s == null || s.isBlank() ? DEFAULT_PREFIX : s;
    }

    /** {@code $WEFT_LAB}, or null. */
    String script() {
        String s = env.get("WEFT_LAB");
        return s == null || s.isBlank() ? null : s;
    }

    /** The datastore of the lab. */
    LabDatastore datastore() {
        return new LabDatastore(state().resolve("datastore"));
    }

    /**
     * Runs one command line.
     *
     * @param env the environment (see the class comment)
     * @return the exit code
     */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return run(new LabTool(env), out, err, args);
    }

    static int run(LabTool tool, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(tool);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("weft-lab: error: " + Manifests.oneLine(e));
            err.flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Entry point; exits with {@link #run}'s code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(System.getenv(), out, err, args));
    }
}
