package org.civictrust.issuance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.civictrust.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The module rules ({@link ModuleRules}) on this module's main classes. The issuance module is a
 * topology and nothing else, so every class of it, not only what its processors reach, reads no wall
 * clock and draws no randomness. The offenders below prove the stream-processor rule can fail; they
 * are test classes, which {@link ModuleRules#mainClassesOf} never imports.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ModuleRules.mainClassesOf(IssuanceTopology.class);

  @Test
  void usesNoOtherModulesInternalPackages() {
    ModuleRules.internalsStayHome().check(MAIN);
  }

  @Test
  void streamProcessorsReadNoClockAndDrawNoRandomness() {
    ModuleRules.streamProcessorsAreDeterministic().check(MAIN);
  }

  @Test
  void noClassReadsTheClockOrDrawsRandomness() {
    ModuleRules.noClassReadsTheClockOrDrawsRandomness().check(MAIN);
  }

  @Test
  void failsOnAProcessorThatReadsTheClockThroughAHelper() {
    JavaClasses module = new ClassFileImporter().importClasses(StampsRecordsWithTheClock.class, Now.class);
    assertTrue(ModuleRules.streamProcessorsAreDeterministic().evaluate(module).hasViolation());
  }

  @Test
  void failsOnAPunctuatorLambdaThatDrawsRandomness() {
    JavaClasses module = new ClassFileImporter().importClasses(PunctuatesRandomly.class);
    assertTrue(ModuleRules.streamProcessorsAreDeterministic().evaluate(module).hasViolation());
  }

  @Test
  void passesCodeNoProcessorReachesAndAClockHandedIn() {
    JavaClasses module = new ClassFileImporter().importClasses(BoundsAWaitWithAClockHandedIn.class, Now.class);
    assertFalse(ModuleRules.streamProcessorsAreDeterministic().evaluate(module).hasViolation());
    assertTrue(ModuleRules.noClassReadsTheClockOrDrawsRandomness().evaluate(module).hasViolation());
  }

  /** A deliberate violation: the processor stamps records with the wall clock, through a helper. */
  static final class StampsRecordsWithTheClock extends ContextualProcessor<byte[], byte[], byte[], byte[]> {
    @Override
    public void process(Record<byte[], byte[]> record) {
      context().forward(record.withTimestamp(Now.millis()));
    }
  }

  /** Reads the wall clock; a violation only where a processor reaches it. */
  static final class Now {
    static long millis() {
      return System.currentTimeMillis();
    }
  }

  /** A deliberate violation: randomness in a punctuator written as a lambda. */
  static final class PunctuatesRandomly implements Processor<byte[], byte[], byte[], byte[]> {
    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      context.schedule(Duration.ofSeconds(1), PunctuationType.STREAM_TIME,
          time -> context.forward(new Record<>(UUID.randomUUID().toString().getBytes(), null, time)));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {}
  }

  /** Allowed: the clock comes from configuration and bounds a wait, as WitnessRound's does. */
  static final class BoundsAWaitWithAClockHandedIn extends ContextualProcessor<byte[], byte[], byte[], byte[]> {
    private final LongSupplier nanoClock;

    BoundsAWaitWithAClockHandedIn(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      long deadline = nanoClock.getAsLong() + Duration.ofSeconds(1).toNanos();
      while (nanoClock.getAsLong() < deadline) {
        Thread.onSpinWait();
      }
      context().forward(record);
    }
  }
}
