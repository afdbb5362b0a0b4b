package org.civictrust.issuance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * CONVENTIONS.md rule 12, enforced on the production classes: the topology takes time from record
 * timestamps and draws no randomness, so a replay reproduces its outputs byte for byte.
 */
class DeterminismRulesTest {
  static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.civictrust.issuance");

  static final ArchRule NO_WALL_CLOCK = noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Instant.class, "now")
        .orShould().callMethod(LocalDateTime.class, "now")
        .orShould().callMethod(OffsetDateTime.class, "now")
        .orShould().callMethod(ZonedDateTime.class, "now")
        .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
        .orShould().dependOnClassesThat().areAssignableTo(Date.class);

  @Test
  void noClassReadsTheWallClock() {
    NO_WALL_CLOCK.check(PRODUCTION);
  }

  @Test
  void theRuleCatchesAClassThatReadsTheClock() {
    JavaClasses offender = new ClassFileImporter().importClasses(ReadsTheClock.class);
    assertFalse(NO_WALL_CLOCK.evaluate(offender).getFailureReport().isEmpty());
  }

  @Test
  void noClassDrawsRandomness() {
    ArchRule rule = noClasses().should().dependOnClassesThat().areAssignableTo(Random.class)
        .orShould().dependOnClassesThat().areAssignableTo(SecureRandom.class)
        .orShould().callMethod(UUID.class, "randomUUID");
    rule.check(PRODUCTION);
  }

  /** A deliberate violation, to prove the rule can fail. */
  static final class ReadsTheClock {
    long now() {
      return System.currentTimeMillis();
    }
  }
}
