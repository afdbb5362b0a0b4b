package org.civictrust.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.internal.Utf8;
import org.junit.jupiter.api.Test;

/**
 * The module rules ({@link ModuleRules}) on merkle-builder's main classes, and proof that the
 * internals rule fails where it should (the stream-processor rule's proof needs Kafka Streams on the
 * classpath: streams-topology's ArchitectureTest holds it). The offenders are test classes, which
 * {@link ModuleRules#mainClassesOf} never imports.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ModuleRules.mainClassesOf(Hash.class);

  @Test
  void usesNoOtherModulesInternalPackages() {
    ModuleRules.internalsStayHome().check(MAIN);
  }

  @Test
  void streamProcessorsReadNoClockAndDrawNoRandomness() {
    ModuleRules.streamProcessorsAreDeterministic().check(MAIN);
  }

  @Test
  void failsOnAClassUsingAnotherModulesInternalPackage() {
    JavaClasses module = new ClassFileImporter().importClasses(ReachesIntoInternals.class);
    assertTrue(ModuleRules.internalsStayHome().evaluate(module).hasViolation());
  }

  @Test
  void failsOnAnInternalPackageUsedOutsideThePackageItServes() {
    JavaClasses module = new ClassFileImporter().importClasses(ReachesIntoInternals.class, Utf8.class);
    assertTrue(ModuleRules.internalsStayHome().evaluate(module).hasViolation());
  }

  @Test
  void letsAPackageUseItsOwnInternalPackage() {
    JavaClasses module = new ClassFileImporter().importClasses(Note.class, Utf8.class);
    assertFalse(ModuleRules.internalsStayHome().evaluate(module).hasViolation());
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
        .check(MAIN);
  }

  @Test
  void importsNoTestClass() {
    assertFalse(MAIN.contain(ReachesIntoInternals.class));
  }

  /** A deliberate violation: org.civictrust.architecture is not org.civictrust.tlog. */
  static final class ReachesIntoInternals {
    boolean use() {
      return Utf8.hasUnpairedSurrogate("x");
    }
  }
}
