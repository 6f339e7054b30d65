package io.jnsq.common.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A file system failure as Go's {@code os} package words it, {@code open <path>: permission denied}, which is
 * what NSQ's messages carry; the JDK's exceptions often say no more than the path.
 */
public final class GoFileErrors {
    private GoFileErrors() {
    }

    /**
     * {@code <op> <path>: <reason>}.
     *
     * @param op what was done, as Go names it: {@code open}, {@code mkdir}, {@code rename}
     */
    public static String describe(String op, FileSystemException e) {
        String path = e.getFile() != null ? e.getFile() : "";
        return op + " " + path + ": " + reason(e);
    }

    /** Go's text of the error number behind the exception: {@code permission denied}. */
    public static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        String reason = e.getReason();
        // the JDK capitalises the C library's strerror text ("No space left on device"); Go does not
        return reason == null ? e.getClass().getSimpleName()
                : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
