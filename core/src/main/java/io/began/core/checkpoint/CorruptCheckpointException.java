package io.began.core.checkpoint;

import java.nio.file.Path;

/** A checkpoint whose files do not match its MANIFEST (or that has none); names the offending file. */
public class CorruptCheckpointException extends RuntimeException {

    private final String file;

    public CorruptCheckpointException(Path dir, String file, String problem) {
        super("corrupt checkpoint " + dir + ": " + file + " " + problem);
        this.file = file;
    }

    /** Name of the bad file within the checkpoint. */
    public String file() {
        return file;
    }
}
