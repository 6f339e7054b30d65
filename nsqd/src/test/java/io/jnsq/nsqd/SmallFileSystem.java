package io.jnsq.nsqd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A size-limited tmpfs for disk-full tests; where mounting is not allowed (not root) the test is skipped. */
public final class SmallFileSystem implements AutoCloseable {
    private final Path at;

    private SmallFileSystem(Path at) {
        this.at = at;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=}, e.g. {@code 2m}) on the directory {@code at}. */
    public static SmallFileSystem mount(Path at, String size) throws Exception {
        String refused = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
        Assumptions.assumeTrue(refused == null, () -> "a small file system is needed and mount refused: " + refused);
        return new SmallFileSystem(at);
    }

    /** Unmounts it; lazily, so that files still open do not keep it mounted. */
    @Override
    public void close() throws Exception {
        run("umount", "--lazy", at.toString());
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output.strip();
    }
}
