package io.jnsq.apps.nsqtofile;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reading nsq_to_file's output in tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** The lines of a gzipped file, every member of it. */
    static List<String> gunzipLines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), UTF_8).lines().toList();
        }
    }
}
