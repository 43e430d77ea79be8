package io.began.core.data;

import java.nio.file.Path;

/** A dataset that cannot be used: missing, of the wrong format, truncated or of mismatched size. Names the file. */
public class DatasetException extends RuntimeException {

    private final Path file;

    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
