package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.datastore.DirectoryDatastore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab's directory datastore ({@code $WEFT_LAB_STATE/datastore}), which every agent watches:
 * one object per file, written as {@code .<file>.tmp} and renamed into place so a watcher never
 * reads half a file (names starting with {@code .} are ignored by the datastore). Reads every
 * {@code *.yaml}, {@code *.yml}, {@code *.json} file like the datastore does; files it cannot parse
 * are skipped (they are the datastore's rejections, not ours to touch).
 */
final class LabDatastore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /** An object and the file holding it. */
    record Stored(Path file, LabObject object) {}

    LabDatastore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes {@code o} as {@link LabObject#fileName()}, replacing any other single-object file that
     * held the same object. Skips the write when the content is unchanged.
     *
     * @return whether anything changed
     * @throws UncheckedIOException if the directory cannot be written
     */
    boolean put(LabObject o) {
        Path target = dir.resolve(o.fileName());
        boolean changed = false;
        for (Stored s : find(o.kind(), o.namespace(), o.name())) {
            if (!s.file().equals(target)) {
                removeFrom(s);
                changed = true;
            }
        }
        try {
            Files.createDirectories(dir);
            byte[] bytes = (JSON.writeValueAsString(o.body()) + "\n").getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                return changed;
            }
            Path tmp = dir.resolve("." + o.fileName() + ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Removes every copy of {@code kind namespace/name}; a file holding other objects too is
     * rewritten (atomically) without it.
     *
     * @return whether the object was there
     */
    boolean remove(String kind, String namespace, String name) {
        List<Stored> found = find(kind, namespace, name);
        found.forEach(this::removeFrom);
        return !found.isEmpty();
    }

    /** Every stored copy of {@code kind namespace/name} (normally zero or one). */
    List<Stored> find(String kind, String namespace, String name) {
        return list().stream().filter(s -> s.object().is(kind, namespace, name)).toList();
    }

    /** The object {@code kind namespace/name}, if stored. */
    Optional<LabObject> get(String kind, String namespace, String name) {
        return find(kind, namespace, name).stream().findFirst().map(Stored::object);
    }

    /** Every object of {@code kind}. */
    List<Stored> list(String kind) {
        return list().stream().filter(s -> s.object().kind().equals(kind)).toList();
    }

    /** Every object the datastore directory holds, in file-name order. */
    List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try {
            files = DirectoryDatastore.objectFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path f : files) {
            try {
                for (LabObject o : Manifests.read(f, false)) {
                    out.add(new Stored(f, o));
                }
            } catch (ManifestException e) {
                // Not ours to judge: the datastore rejects it and says so.
            }
        }
        return out;
    }

    private void removeFrom(Stored s) {
        try {
            List<LabObject> rest = new ArrayList<>();
            try {
                for (LabObject o : Manifests.read(s.file(), false)) {
                    if (!o.is(s.object().kind(), s.object().namespace(), s.object().name())) {
                        rest.add(o);
                    }
                }
            } catch (ManifestException e) {
                return; // changed under us into something unreadable: leave it
            }
            if (rest.isEmpty()) {
                Files.deleteIfExists(s.file());
                return;
            }
            ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
            ArrayNode items = list.putArray("items");
            rest.forEach(o -> items.add(o.body()));
            Path tmp = s.file().resolveSibling("." + s.file().getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(list) + "\n");
            Files.move(tmp, s.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + s.file(), e);
        }
    }


}
