package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The executor's packages depend one way, {@code run -> plan -> op -> store} (and {@code fault},
 * the attempt helpers, below {@code plan}; {@code resource}, the backend's shared slots, GPUs and
 * budget, below {@code op}), with no cycle: read from the sources' imports and fully-qualified
 * names. The package root ({@code LocalBackend}) sits on top and may use them all.
 */
class PackageLayersTest {

  private static final Path SOURCES = Path.of("src/main/java/io/sluice/executor");
  private static final Pattern REF = Pattern.compile("io\\.sluice\\.executor\\.([a-z]+)\\.");

  /** What each package may use; anything else is a dependency pointing up. */
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "run", List.of("plan", "op", "store", "fault", "resource"),
          "plan", List.of("op", "store", "fault", "resource"),
          "op", List.of("store", "fault", "resource"),
          "fault", List.of("store"),
          "resource", List.of(),
          "store", List.of());

  @Test
  void packagesDependOneWay() throws IOException {
    Map<String, TreeSet<String>> uses = uses();
    assertThat(uses.keySet()).as("packages").containsAll(List.of("run", "plan", "op", "store"));
    List<String> wrong = new ArrayList<>();
    uses.forEach(
        (pkg, used) -> {
          List<String> allowed = ALLOWED.get(pkg);
          assertThat(allowed).as("package %s has no layer; add it to ALLOWED", pkg).isNotNull();
          used.stream()
              .filter(u -> !u.equals(pkg) && !allowed.contains(u))
              .forEach(u -> wrong.add(pkg + " -> " + u));
        });
    assertThat(wrong).as("dependencies pointing up").isEmpty();
  }

  @Test
  void theScanSeesRealDependencies() throws IOException {
    Map<String, TreeSet<String>> uses = uses();
    assertThat(uses.get("run")).contains("plan", "op");
    assertThat(uses.get("plan")).contains("op");
    assertThat(uses.get("op")).contains("store");
  }

  /** Per package, the executor packages its sources name. */
  private static Map<String, TreeSet<String>> uses() throws IOException {
    Map<String, TreeSet<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path rel = SOURCES.relativize(f);
        if (rel.getNameCount() < 2) {
          continue; // the package root
        }
        TreeSet<String> used =
            uses.computeIfAbsent(rel.getName(0).toString(), k -> new TreeSet<>());
        Matcher m = REF.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    return uses;
  }
}
