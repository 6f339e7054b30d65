package io.jnsq.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class GoFileErrorsTest {
    @Test
    void theJdksExceptionsReadAsGosErrors() {
        assertThat(GoFileErrors.describe("open", new AccessDeniedException("/data/.nsqd.lock")))
                .isEqualTo("open /data/.nsqd.lock: permission denied");
        assertThat(GoFileErrors.describe("open", new NoSuchFileException("/nope")))
                .isEqualTo("open /nope: no such file or directory");
        assertThat(GoFileErrors.describe("open", new NotDirectoryException("/etc/passwd/x")))
                .isEqualTo("open /etc/passwd/x: not a directory");
    }

    @Test
    void otherReasonsKeepTheCLibrarysTextInGosCase() {
        assertThat(GoFileErrors.describe("write", new FileSystemException("/data/t.dat", null,
                "No space left on device"))).isEqualTo("write /data/t.dat: no space left on device");
    }
}
