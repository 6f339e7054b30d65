package io.jnsq.apps.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jnsq.common.io.GoFileErrors;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A daemon's TOML config file ({@code --config}): top-level keys named as NSQ names them, unknown keys ignored. */
final class ConfigFile {
    private static final TomlMapper TOML = new TomlMapper();

    private ConfigFile() {
    }

    /**
     * Reads the file's top-level keys.
     *
     * @throws CommandLineExit with NSQ's {@code failed to load config file <path> - <reason>}
     */
    static Map<String, Object> load(String path) throws CommandLineExit {
        try {
            return TOML.readValue(Files.readAllBytes(Path.of(path)), new TypeReference<Map<String, Object>>() { });
        } catch (FileSystemException e) {
            throw failed(path, GoFileErrors.describe("open", e));
        } catch (JacksonException e) {
            throw failed(path, syntaxError(e));
        } catch (IOException e) {
            // reading a directory: the JDK says only "Is a directory"
            throw failed(path, "read " + path + ": " + GoFileErrors.reason(new FileSystemException(path, null,
                    e.getMessage())));
        }
    }

    /** Where the file stops being TOML, then what is wrong: {@code line 3, column 7: ...}. */
    private static String syntaxError(JacksonException e) {
        JsonLocation where = e.getLocation();
        String what = e.getOriginalMessage();
        if (where == null || where.getLineNr() < 1) {
            return what;
        }
        return "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
    }

    static CommandLineExit failed(String path, String reason) {
        return new CommandLineExit(CommandLineExit.Kind.FATAL, "failed to load config file " + path + " - " + reason);
    }
}
