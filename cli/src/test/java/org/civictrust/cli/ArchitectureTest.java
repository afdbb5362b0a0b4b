package org.civictrust.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
import org.civictrust.tlog.internal.StrictBase64;
import org.junit.jupiter.api.Test;

/**
 * The module rule of CONVENTIONS.md, enforced on every CivicTrust class on this module's classpath
 * (the cli depends on every module): a package's {@code internal} subpackage serves that package only.
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

  @Test
  void noModuleUsesAnotherPackagesInternals() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.civictrust");
    INTERNALS_STAY_HOME.check(production);
  }

  @Test
  void theRuleCatchesAClassThatReachesIntoInternals() {
    JavaClasses offender = new ClassFileImporter().importClasses(ReachesIntoInternals.class);
    assertFalse(INTERNALS_STAY_HOME.evaluate(offender).getFailureReport().isEmpty());
  }

  /** A deliberate violation, to prove the rule can fail. */
  static final class ReachesIntoInternals {
    Object use() {
      return StrictBase64.class;
    }
  }
}
