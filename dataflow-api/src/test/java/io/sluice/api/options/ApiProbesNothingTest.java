package io.sluice.api.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API probes no machine: none of its compiled classes names the management beans, {@code
 * /proc}, the NVIDIA driver or the runtime's processor and heap figures. Backends resolve auto
 * resources (the local one in {@code io.sluice.executor.MachineDefaults}). Read from the class
 * files' constant pools, so imports, fully-qualified names and string literals all count.
 */
class ApiProbesNothingTest {

  private static final Path CLASSES = Path.of("target/classes");
  private static final List<String> PROBES =
      List.of(
          "java/lang/management",
          "com/sun/management",
          "/proc/",
          "nvidia",
          "CUDA_VISIBLE_DEVICES",
          "availableProcessors",
          "maxMemory",
          "MaxDirectMemorySize");

  @Test
  void noClassNamesAMachineProbe() throws IOException {
    Map<String, List<String>> found = new TreeMap<>();
    List<Path> classes = classes();
    for (Path c : classes) {
      String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
      List<String> hits = PROBES.stream().filter(pool::contains).toList();
      if (!hits.isEmpty()) {
        found.put(CLASSES.relativize(c).toString(), hits);
      }
    }
    assertThat(classes)
        .as("the scan sees the API's classes")
        .contains(
            CLASSES.resolve("io/sluice/api/ExecutionOptions.class"),
            CLASSES.resolve("io/sluice/api/options/Resources.class"));
    assertThat(found).as("classes that probe the machine").isEmpty();
  }

  @Test
  void theScanFindsAProbeWhereThereIsOne() throws IOException {
    // this test class itself names them all, so the same scan over test-classes must see them
    Path self = Path.of("target/test-classes/io/sluice/api/options/ApiProbesNothingTest.class");
    String pool = new String(Files.readAllBytes(self), StandardCharsets.ISO_8859_1);
    assertThat(PROBES).allMatch(pool::contains);
  }

  private static List<Path> classes() throws IOException {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }
}
