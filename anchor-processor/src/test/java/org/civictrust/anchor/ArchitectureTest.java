package org.civictrust.anchor;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.civictrust.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The module rules of CONVENTIONS.md 1 and 12 ({@link ModuleRules}) on this module's main classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN = ModuleRules.mainClassesOf(SequencerTopology.class);

  @Test
  void usesNoOtherModulesInternalPackages() {
    ModuleRules.internalsStayHome().check(MAIN);
  }

  @Test
  void streamProcessorsReadNoClockAndDrawNoRandomness() {
    ModuleRules.streamProcessorsAreDeterministic().check(MAIN);
  }
}
