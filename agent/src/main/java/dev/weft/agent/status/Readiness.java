package dev.weft.agent.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent's conditions for {@code /readyz}: named checks, each answering why the agent is not
 * ready yet, or empty when its part is ready. A check that throws counts as not ready (its
 * exception message is the reason). Checks register once at start-up; thread-safe.
 */
public final class Readiness {
    /**
     * One unmet condition.
     *
     * @param check the check's name, e.g. {@code datastore}
     * @param reason one line, e.g. {@code "datastore not synced"}
     */
    public record Reason(String check, String reason) {}

    private final Map<String, Supplier<Optional<String>>> checks = new LinkedHashMap<>();

    /**
     * Adds a check.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized Readiness add(String name, Supplier<Optional<String>> check) {
        Objects.requireNonNull(check, "check");
        if (checks.putIfAbsent(Objects.requireNonNull(name, "name"), check) != null) {
            throw new IllegalArgumentException("readiness check " + name + " is already registered");
        }
        return this;
    }

    /** The unmet conditions, in registration order (empty: ready). */
    public List<Reason> reasons() {
        Map<String, Supplier<Optional<String>>> copy;
        synchronized (this) {
            copy = new LinkedHashMap<>(checks);
        }
        List<Reason> out = new ArrayList<>();
        copy.forEach((name, check) -> {
            try {
                check.get().ifPresent(r -> out.add(new Reason(name, r)));
            } catch (RuntimeException e) {
                out.add(new Reason(name, "check failed: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
            }
        });
        return out;
    }
}
