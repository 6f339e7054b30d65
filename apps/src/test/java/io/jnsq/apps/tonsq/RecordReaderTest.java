package io.jnsq.apps.tonsq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
    @Test
    void recordsEndAtTheDelimiterWhichTheyDoNotKeep() throws IOException {
        assertThat(records("one\ntwo\n", '\n')).containsExactly("one", "two");
    }

    @Test
    void emptyRecordsAreReturnedForTheCallerToSkip() throws IOException {
        assertThat(records("\na\n\n\nb\n", '\n')).containsExactly("", "a", "", "", "b");
    }

    @Test
    void anUnterminatedLastRecordIsWhole() throws IOException {
        assertThat(records("line1\nline2\n\nline3", '\n')).containsExactly("line1", "line2", "", "line3");
        assertThat(records("x", '\n')).containsExactly("x");
        assertThat(records("", '\n')).isEmpty();
    }

    @Test
    void anyByteDelimits() throws IOException {
        assertThat(records("a,b\nc,,d", ',')).containsExactly("a", "b\nc", "", "d");
        assertThat(records("a\u0000b\u0000", '\u0000')).containsExactly("a", "b");
    }

    @Test
    void recordsSpanReadsAndBuffers() throws IOException {
        String big = "x".repeat(200_000);
        String input = "a\n" + big + "\nb\n" + big;
        // one byte per read: every record is put together from many reads
        InputStream trickle = new ByteArrayInputStream(input.getBytes(UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        List<String> records = new ArrayList<>();
        RecordReader reader = new RecordReader(trickle, (byte) '\n');
        for (byte[] r = reader.next(); r != null; r = reader.next()) {
            records.add(new String(r, UTF_8));
        }
        assertThat(records).containsExactly("a", big, "b", big);
        assertThat(records(input, '\n')).containsExactly("a", big, "b", big);
    }

    private static List<String> records(String input, char delimiter) throws IOException {
        RecordReader reader = new RecordReader(new ByteArrayInputStream(input.getBytes(UTF_8)), (byte) delimiter);
        List<String> records = new ArrayList<>();
        for (byte[] record = reader.next(); record != null; record = reader.next()) {
            records.add(new String(record, UTF_8));
        }
        assertThat(reader.next()).isNull();
        return records;
    }
}
