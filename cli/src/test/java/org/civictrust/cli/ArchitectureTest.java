package org.civictrust.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.civictrust.tlog.internal.Utf8;
import org.junit.jupiter.api.Test;

/**
 * The module rules of CONVENTIONS.md and ARCHITECTURE.md, enforced on every CivicTrust class on this
 * module's classpath (the cli depends on every module): a package's {@code internal} subpackage serves
 * that package only; the offline verifier touches no network, no file and no Kafka.
 */
class ArchitectureTest {
  static final ArchRule INTERNALS_STAY_HOME = classes().should(new ArchCondition<JavaClass>(
      "use no other package's internal classes") {
    @Override
    public void check(JavaClass origin, ConditionEvents events) {
      for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
        String target = dependency.getTargetClass().getPackageName();
        int internal = target.indexOf(".internal");
        if (internal >= 0 && !origin.getPackageName().startsWith(target.substring(0, internal))) {
          events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
        }
      }
    }
  });

  /**
   * Classes of {@code packages} open no connection and no file and use no Kafka: no {@code java.net}
   * (sockets, URLs, HTTP client), no {@code java.nio.channels} (socket channels), no {@code
   * java.nio.file}, no JDK-internal networking, no {@code org.apache.kafka}. Callers hand them bytes.
   */
  static ArchRule offline(String packages) {
    return noClasses().that().resideInAPackage(packages).should().dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..", "jdk.net..", "sun.net..",
            "org.apache.kafka..")
        .because("the verifier is offline: no network access, and the caller reads the files");
  }

  /** Production classes only: neither test classes nor the test jars of other modules. */
  static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("org.civictrust");
  }

  @Test
  void noModuleUsesAnotherPackagesInternals() {
    INTERNALS_STAY_HOME.check(production());
  }

  @Test
  void theVerifierUsesNoNetworkFileOrKafkaClass() {
    offline("org.civictrust.verifier..").check(production());
  }

  /**
   * The trust core's pure packages open no file, channel or connection (CONVENTIONS.md, rule 3); its
   * {@code org.civictrust.files} is the one place that does. Exceptions such as {@code
   * NoSuchFileException}, which a {@code TileReader} throws for a missing tile, are allowed.
   */
  @Test
  void theTrustCoreDoesNoIoButInItsFilesPackage() {
    noClasses().that().resideInAnyPackage("org.civictrust.tlog..", "org.civictrust.text..").should()
        .dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java.net..", "java.nio.channels..",
                "org.civictrust.files..")
            .or(JavaClass.Predicates.belongToAnyOf(Files.class, Path.class, Paths.class, FileSystems.class)))
        .because("the Merkle core does no I/O; org.civictrust.files is the one place that does")
        .check(production());
  }

  @Test
  void theRulesCatchClassesThatBreakThem() {
    JavaClasses offenders = new ClassFileImporter().importClasses(ReachesIntoInternals.class, ReachesTheNetwork.class);
    assertFalse(INTERNALS_STAY_HOME.evaluate(offenders).getFailureReport().isEmpty());
    assertFalse(offline("org.civictrust.cli..").evaluate(offenders).getFailureReport().isEmpty());
  }

  /** A deliberate violation, to prove the rule can fail. */
  static final class ReachesIntoInternals {
    Object use() {
      return Utf8.class;
    }
  }

  /** A deliberate violation of the offline rule. */
  static final class ReachesTheNetwork {
    Object use() {
      return URI.create("https://example.com/").getHost();
    }
  }
}
