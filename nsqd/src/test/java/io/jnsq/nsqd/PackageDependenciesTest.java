package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * nsqd's packages, read from its sources' imports: the domain ({@code io.jnsq.nsqd}, the broker) depends on none of
 * the others and on no Netty but its buffers; the server ({@code .server}) is the one that knows them all; no two
 * packages depend on each other, however indirectly.
 */
class PackageDependenciesTest {
    private static final String ROOT = "io.jnsq.nsqd";
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([a-z][\\w.]*?)\\.[A-Z]", Pattern.MULTILINE);
    private static final Path SOURCES = Path.of("src/main/java/io/jnsq/nsqd");

    @Test
    void theDomainKnowsNeitherTheServersNorNettysTransport() throws IOException {
        Set<String> imported = imports().get(ROOT);
        assertThat(imported).as("packages the domain imports").noneMatch(p -> p.startsWith(ROOT + "."))
                .noneMatch(p -> p.startsWith("io.netty") && !p.equals("io.netty.buffer"));
    }

    @Test
    void onlyTheServerKnowsTheServer() throws IOException {
        imports().forEach((pkg, imported) -> {
            if (!pkg.equals(ROOT + ".server")) {
                assertThat(imported).as("packages %s imports", pkg).doesNotContain(ROOT + ".server");
            }
        });
    }

    @Test
    void noPackagesDependOnEachOther() throws IOException {
        Map<String, Set<String>> graph = imports();
        for (String start : graph.keySet()) {
            Deque<String> todo = new ArrayDeque<>(graph.get(start));
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                assertThat(next).as("%s depends on itself, through %s", start, seen).isNotEqualTo(start);
                if (seen.add(next)) {
                    todo.addAll(graph.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    /** Each nsqd package to the packages its classes import, itself left out. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("nsqd's sources, from the module directory").hasSizeGreaterThan(50);
        for (Path source : sources) {
            String pkg = ROOT + SOURCES.relativize(source.getParent()).toString().replace('/', '.')
                    .transform(rest -> rest.isEmpty() ? "" : "." + rest);
            Set<String> imported = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
            Matcher m = IMPORT.matcher(Files.readString(source));
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(pkg)) {
                    imported.add(target);
                }
            }
        }
        graph.values().forEach(imported -> imported.removeIf(p -> !p.startsWith(ROOT) && !p.startsWith("io.netty")));
        return graph;
    }
}
