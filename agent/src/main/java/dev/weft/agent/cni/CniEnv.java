package dev.weft.agent.cni;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CNI environment of one invocation, validated per command (CNI SPEC §2 Parameters; the
 * required sets follow libcni's skel, except that {@code CNI_PATH} is never required: Weft
 * delegates to no other plugin).
 *
 * <pre>
 * ADD, CHECK : CNI_COMMAND CNI_CONTAINERID CNI_NETNS CNI_IFNAME
 * DEL        : CNI_COMMAND CNI_CONTAINERID CNI_IFNAME        (CNI_NETNS optional, "" = absent)
 * GC, STATUS, VERSION : CNI_COMMAND
 * </pre>
 *
 * @param command CNI_COMMAND
 * @param containerId CNI_CONTAINERID, or "" when not required
 * @param netns CNI_NETNS, empty when absent or ""
 * @param ifName CNI_IFNAME, or "" when not required
 * @param args parsed CNI_ARGS
 * @param netnsOverride CNI_NETNS_OVERRIDE=1|true: allow the agent's own namespace as CNI_NETNS
 */
record CniEnv(String command, String containerId, Optional<Path> netns, String ifName, CniArgs args,
        boolean netnsOverride) {
    static final List<String> COMMANDS = List.of("ADD", "DEL", "CHECK", "VERSION", "GC", "STATUS");
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    /**
     * Validates {@code env}.
     *
     * @throws CniException code 4 "required env variables [X, Y] missing" / "unknown CNI_COMMAND: X"
     *     / an invalid value naming the variable
     */
    static CniEnv parse(Map<String, String> env) throws CniException {
        String command = env.get("CNI_COMMAND");
        if (command == null || command.isEmpty()) {
            throw new CniException(CniException.INVALID_ENV, "required env variables [CNI_COMMAND] missing");
        }
        if (!COMMANDS.contains(command)) {
            throw new CniException(CniException.INVALID_ENV, "unknown CNI_COMMAND: " + command);
        }
        boolean attachment = command.equals("ADD") || command.equals("CHECK") || command.equals("DEL");
        List<String> missing = new ArrayList<>();
        if (attachment) {
            require(env, "CNI_CONTAINERID", missing);
            if (!command.equals("DEL")) {
                require(env, "CNI_NETNS", missing);
            }
            require(env, "CNI_IFNAME", missing);
        }
        if (!missing.isEmpty()) {
            throw new CniException(CniException.INVALID_ENV,
                    "required env variables [" + String.join(", ", missing) + "] missing");
        }
        String cid = attachment ? env.get("CNI_CONTAINERID") : "";
        String ifName = attachment ? env.get("CNI_IFNAME") : "";
        if (attachment && !CONTAINER_ID.matcher(cid).matches()) {
            throw new CniException(CniException.INVALID_ENV, "invalid CNI_CONTAINERID",
                    "'" + cid + "' must start with a letter or digit and contain only letters, digits, '_', '.', '-'");
        }
        if (attachment && !validIfName(ifName)) {
            throw new CniException(CniException.INVALID_ENV, "invalid CNI_IFNAME",
                    "'" + ifName + "' is not a Linux interface name (1-15 bytes, no '/', ':' or whitespace)");
        }
        String ns = env.getOrDefault("CNI_NETNS", "");
        Optional<Path> netns = Optional.empty();
        if (attachment && !ns.isEmpty()) {
            if (!ns.startsWith("/")) {
                throw new CniException(CniException.INVALID_ENV, "invalid CNI_NETNS", "'" + ns + "' is not an absolute path");
            }
            netns = Optional.of(Path.of(ns));
        }
        String override = env.getOrDefault("CNI_NETNS_OVERRIDE", "");
        CniArgs args = attachment ? CniArgs.parse(env.get("CNI_ARGS")) : CniArgs.NONE;
        return new CniEnv(command, cid, netns, ifName, args, override.equals("1") || override.equalsIgnoreCase("true"));
    }

    private static void require(Map<String, String> env, String name, List<String> missing) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            missing.add(name);
        }
    }

    static boolean validIfName(String s) {
        if (s.isEmpty() || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15 || s.equals(".") || s.equals("..")) {
            return false;
        }
        return s.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e);
    }
}
