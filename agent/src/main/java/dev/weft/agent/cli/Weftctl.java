package dev.weft.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl}: Weft's operator CLI.
 *
 * <pre>
 * weftctl status      [--socket PATH] [-o table|json]
 * weftctl routes      [--socket PATH] [-o table|json]
 * weftctl ipam show   [--socket PATH] [-o table|json]
 * weftctl policy explain [--dir DIR | --live [--socket PATH]] --from NS/POD|IP --to NS/POD|IP --port N [--protocol TCP|UDP|SCTP]
 * weftctl policy matrix  [--dir DIR | --live [--socket PATH]] --port N [--protocol TCP|UDP|SCTP] [--json]
 * </pre>
 * {@code status}, {@code routes}, {@code ipam} and {@code --live} ask the running agent over its
 * admin socket (default {@code /run/weft/weft-admin.sock}); when it is not running they print one
 * line ({@code weftctl: error: weft-agent is not running (…)}) and exit 1.
 * Exit codes: 0 success, 1 error (agent not running, unreadable directory, unknown Pod, …), 2 usage error. Warnings
 * (rejected objects and policies) go to stderr; results to stdout.
 */
@Command(name = "weftctl", mixinStandardHelpOptions = true, version = "weftctl 0.1.0",
        description = "Weft operator CLI.",
        subcommands = {StatusCommand.class, RoutesCommand.class, IpamCommand.class, PolicyCommand.class})
public final class Weftctl implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: status, routes, ipam or policy (try: weftctl --help)");
    }

    /**
     * A configured command line (for embedding and tests): set {@code setOut}/{@code setErr} on it
     * and call {@code execute(args)}; returns the exit code.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Weftctl());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println("weftctl: error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            err.flush();
            return 1;
        });
        return cl;
    }

    /** Entry point. Library logging is limited to errors: warnings are printed by the commands themselves. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(commandLine().execute(args));
    }
}
