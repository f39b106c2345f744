package dev.weft.agent.cni;

import java.util.Objects;

/**
 * The answer to one CNI invocation, as the {@code weft} plugin prints it.
 *
 * @param exitCode process exit code: 0 success, 1 error
 * @param stdout result or error JSON (CNI SPEC §5), "" for DEL/CHECK/GC/STATUS success
 * @param stderr log text for the plugin's stderr, usually ""
 */
public record CniResponse(int exitCode, String stdout, String stderr) {
    public CniResponse {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
