package dev.weft.it.helm;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a fabric8 model object did not know. fabric8's model classes keep every unknown
 * JSON property in an {@code additionalProperties} map (a Jackson any-setter), so Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES never fires for them: this walks the whole object graph instead and
 * reports every non-empty {@code additionalProperties} with its path, e.g.
 * {@code spec.template.spec.containers[0].imagePullPolcy}.
 */
final class StrictModel {
    private StrictModel() {
    }

    /**
     * @param root a parsed fabric8 object (e.g. a DaemonSet)
     * @return paths of unknown properties, empty when every property was mapped to a field
     */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object o, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return; // String, Integer, Boolean, enums: leaves
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + "." + f.getName(), e);
                }
                if (f.getName().equals("additionalProperties")) {
                    if (v instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
                    }
                } else {
                    walk(v, join(path, f.getName()), found, seen);
                }
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
