package dev.weft.agent.cli;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Rejection;
import dev.weft.agent.datastore.Resource;
import dev.weft.agent.datastore.ResourceParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a datastore directory once, exactly as {@code DirectoryDatastore} does (every
 * {@code *.yaml}, {@code *.yml}, {@code *.json} regular file directly in it whose name does not
 * start with {@code .}, in name order, through {@link ResourceParser}).
 */
final class DatastoreDirectory {
    private DatastoreDirectory() {}

    /**
     * @throws IllegalArgumentException if {@code dir} is not a readable directory
     */
    static ClusterState read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("datastore directory " + dir + " does not exist or is not a directory");
        }
        ResourceParser parser = new ResourceParser();
        List<Resource> resources = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(DatastoreDirectory::isObjectFile).sorted().toList()) {
                ResourceParser.Parsed p = parser.parseFile(f);
                resources.addAll(p.resources());
                rejections.addAll(p.rejections());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return parser.toState(resources, rejections);
    }

    private static boolean isObjectFile(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                && Files.isRegularFile(p);
    }
}
