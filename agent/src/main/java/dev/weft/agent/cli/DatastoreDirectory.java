package dev.weft.agent.cli;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.datastore.ResourceParser;
import java.nio.file.Files;
import java.nio.file.Path;

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
        return DirectoryDatastore.read(dir);
    }
}
