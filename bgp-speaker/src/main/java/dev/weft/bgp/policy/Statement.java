package dev.weft.bgp.policy;

import dev.weft.bgp.rib.Path;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Policy}: if every condition matches (no conditions = always), the
 * actions run in order, then the disposition decides — accept, reject, or go on to the next
 * statement with the changed path (GoBGP's statement model).
 *
 * @param name for logs and status
 * @param conditions all must match
 * @param actions applied in order when they do
 * @param disposition what happens next
 */
public record Statement(String name, List<Condition> conditions, List<Action> actions, Disposition disposition) {
    /** What a matching statement does after its actions. */
    public enum Disposition {
        /** Stop: the route is accepted as changed. */
        ACCEPT,
        /** Stop: the route is rejected. */
        REJECT,
        /** Continue with the next statement. */
        NEXT
    }

    public Statement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(disposition, "disposition");
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
    }

    /** True if every condition matches {@code path}. */
    public boolean matches(Path path) {
        for (Condition c : conditions) {
            if (!c.matches(path)) {
                return false;
            }
        }
        return true;
    }

    /** {@code path} after the actions. */
    public Path act(Path path, Path original) {
        Path p = path;
        for (Action a : actions) {
            p = a.apply(p, original);
        }
        return p;
    }

    /** Accept when the conditions match, without changes. */
    public static Statement accept(String name, Condition... conditions) {
        return new Statement(name, List.of(conditions), List.of(), Disposition.ACCEPT);
    }

    /** Reject when the conditions match. */
    public static Statement reject(String name, Condition... conditions) {
        return new Statement(name, List.of(conditions), List.of(), Disposition.REJECT);
    }
}
