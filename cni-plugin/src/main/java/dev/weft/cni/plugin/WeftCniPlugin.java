package dev.weft.cni.plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the {@code weft} CNI plugin (see the package documentation for behaviour and
 * the agent protocol). Exit codes: 0 success, otherwise the agent's exit code, 1 for errors
 * produced by the plugin itself (error JSON on stdout, CNI SPEC §2 "Errors").
 */
public final class WeftCniPlugin {
    /** The plugin's own version. */
    public static final String VERSION = "0.1.0";
    /** CNI spec versions the Weft plugin and agent support, oldest first. */
    static final String[] SUPPORTED = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"};
    /** Socket used when neither WEFT_CNI_SOCKET nor the config's weftSocket is set. */
    public static final String DEFAULT_SOCKET = "/var/run/weft/cni.sock";
    /** CNI error code 11: try again later (CNI SPEC §5 "Error"). */
    static final int TRY_AGAIN_LATER = 11;

    private static final String[] FORWARDED = {
        "CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH", "CNI_NETNS_OVERRIDE"
    };

    private WeftCniPlugin() {}

    /** Runs one CNI invocation from the process environment and stdin; never returns. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), System.in, out, System.err);
        out.flush();
        System.exit(code);
    }

    /** The testable body of {@link #main}: returns the exit code. */
    static int run(String[] args, Map<String, String> environment, java.io.InputStream in, PrintStream out, PrintStream err)
            throws IOException {
        String command = environment.get("CNI_COMMAND");
        if ((args.length > 0 && args[0].equals("--version")) || command == null) {
            err.print(about());
            return 0;
        }
        String stdin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> config = parseConfig(stdin);
        Object v = config == null ? null : config.get("cniVersion");
        String cniVersion = v instanceof String && !((String) v).isEmpty() ? (String) v : null;
        if (command.equals("VERSION")) {
            out.print(versionResult(cniVersion == null ? SUPPORTED[SUPPORTED.length - 1] : cniVersion));
            return 0;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : FORWARDED) {
            String value = environment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        Path socket = socket(environment, config);
        try {
            AgentClient.Answer a = AgentClient.call(socket, env, stdin);
            out.print(a.stdout);
            if (!a.stderr.isEmpty()) {
                err.print(a.stderr);
            }
            return a.exitCode;
        } catch (AgentClient.UnreachableException e) {
            out.print(error(cniVersion, TRY_AGAIN_LATER, "weft agent unreachable",
                    e.getMessage() + " (is weft-agent running on this node?)"));
            return 1;
        }
    }

    /** The socket path: WEFT_CNI_SOCKET, else the config's "weftSocket", else the default. */
    static Path socket(Map<String, String> environment, Map<String, Object> config) {
        String s = environment.get("WEFT_CNI_SOCKET");
        if (s == null || s.isEmpty()) {
            Object c = config == null ? null : config.get("weftSocket");
            s = c instanceof String && !((String) c).isEmpty() ? (String) c : DEFAULT_SOCKET;
        }
        return Path.of(s);
    }

    /** The stdin config as a JSON object, or null if it is not one (the agent reports that). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseConfig(String stdin) {
        try {
            Object o = Json.parse(stdin);
            return o instanceof Map ? (Map<String, Object>) o : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String about() {
        return "CNI weft plugin v" + VERSION + "\nCNI protocol versions supported: " + String.join(", ", SUPPORTED) + "\n";
    }

    static String versionResult(String cniVersion) {
        StringBuilder b = new StringBuilder("{\"cniVersion\":");
        Json.quote(b, cniVersion).append(",\"supportedVersions\":[");
        for (int k = 0; k < SUPPORTED.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            Json.quote(b, SUPPORTED[k]);
        }
        return b.append("]}\n").toString();
    }

    static String error(String cniVersion, int code, String msg, String details) {
        StringBuilder b = new StringBuilder("{");
        if (cniVersion != null) {
            b.append("\"cniVersion\":");
            Json.quote(b, cniVersion).append(',');
        }
        b.append("\"code\":").append(code).append(",\"msg\":");
        Json.quote(b, msg).append(",\"details\":");
        return Json.quote(b, details).append("}\n").toString();
    }
}
