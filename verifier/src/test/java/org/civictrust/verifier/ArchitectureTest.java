package org.civictrust.verifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URI;
import org.civictrust.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The module rules of CONVENTIONS.md 1 and 12 ({@link ModuleRules}) on this module's main classes,
 * and the verifier's own: it is offline.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ModuleRules.mainClassesOf(ReceiptVerifier.class);

  /**
   * The verifier opens no connection and no file and uses no Kafka: no {@code java.net} (sockets,
   * URLs, HTTP client), no {@code java.nio.channels} (socket channels), no {@code java.nio.file}, no
   * JDK-internal networking, no {@code org.apache.kafka}. Callers hand it bytes.
   */
  static final ArchRule OFFLINE = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..", "jdk.net..", "sun.net..",
          "org.apache.kafka..")
      .because("the verifier is offline: no network access, and the caller reads the files");

  @Test
  void usesNoOtherModulesInternalPackages() {
    ModuleRules.internalsStayHome().check(MAIN);
  }

  @Test
  void streamProcessorsReadNoClockAndDrawNoRandomness() {
    ModuleRules.streamProcessorsAreDeterministic().check(MAIN);
  }

  @Test
  void usesNoNetworkFileOrKafkaClass() {
    OFFLINE.check(MAIN);
  }

  @Test
  void theOfflineRuleCatchesAClassThatReachesTheNetwork() {
    JavaClasses offender = new ClassFileImporter().importClasses(ReachesTheNetwork.class);
    assertTrue(OFFLINE.evaluate(offender).hasViolation());
  }

  /** A deliberate violation of the offline rule; a test class, which MAIN never holds. */
  static final class ReachesTheNetwork {
    Object use() {
      return URI.create("https://example.com/").getHost();
    }
  }
}
