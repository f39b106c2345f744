package dev.weft.agent.lab;

/** A manifest or case file that cannot be used; the message names the file and the object. */
final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    ManifestException(String message) {
        super(message);
    }

    ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
