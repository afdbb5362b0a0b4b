package org.civictrust.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The verifier is for third parties who have no Kafka: nothing on its classpath may be Kafka. The
 * {@code schemas} module declares kafka-clients optional for this reason; if someone makes it (or
 * kafka-streams in {@code merkle-builder}) a plain dependency, this fails. The test classpath holds
 * the runtime classpath plus JUnit and merkle-builder's test-jar (RandomCases), which bring no Kafka
 * either.
 */
class NoKafkaTest {
  @Test
  void noKafkaClassCanBeLoaded() {
    for (String name : List.of("org.apache.kafka.clients.producer.KafkaProducer",
        "org.apache.kafka.common.serialization.Serializer", "org.apache.kafka.streams.KafkaStreams")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, getClass().getClassLoader()), name);
    }
  }

  @Test
  void noClasspathEntryHoldsAnOrgApacheKafkaPackage() throws IOException {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    assertTrue(entries.length > 3, "the classpath lists the dependencies");
    List<String> offenders = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        if (Files.exists(path.resolve("org/apache/kafka"))) {
          offenders.add(entry);
        }
      } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(path.toFile()); Stream<String> names = jar.stream().map(e -> e.getName())) {
          if (names.anyMatch(n -> n.startsWith("org/apache/kafka/"))) {
            offenders.add(entry);
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
