package io.jnsq.apps.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        } catch (NoSuchFileException e) {
            throw failed(path, "open " + path + ": no such file or directory");
        } catch (JacksonException e) {
            throw failed(path, e.getOriginalMessage());
        } catch (IOException e) {
            throw failed(path, e.toString());
        }
    }

    static CommandLineExit failed(String path, String reason) {
        return new CommandLineExit(CommandLineExit.Kind.FATAL, "failed to load config file " + path + " - " + reason);
    }
}
