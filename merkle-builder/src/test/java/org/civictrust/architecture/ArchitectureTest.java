package org.civictrust.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.internal.StrictBase64;
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
    JavaClasses module = new ClassFileImporter().importClasses(ReachesIntoInternals.class, StrictBase64.class);
    assertTrue(ModuleRules.internalsStayHome().evaluate(module).hasViolation());
  }

  @Test
  void letsAPackageUseItsOwnInternalPackage() {
    JavaClasses module = new ClassFileImporter().importClasses(Hash.class, StrictBase64.class);
    assertFalse(ModuleRules.internalsStayHome().evaluate(module).hasViolation());
  }

  @Test
  void importsNoTestClass() {
    assertFalse(MAIN.contain(ReachesIntoInternals.class));
  }

  /** A deliberate violation: org.civictrust.architecture is not org.civictrust.tlog. */
  static final class ReachesIntoInternals {
    byte[] use() {
      return StrictBase64.decode("AAAA");
    }
  }
}
