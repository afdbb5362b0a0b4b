package org.civictrust.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaConstructorReference;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The module rules of CONVENTIONS.md, written once; every module's {@code ArchitectureTest} applies
 * them to its own main classes, so each module's build fails when it breaks one:
 * <ul>
 *   <li>rule 1, {@link #internalsStayHome()}: no module uses another module's {@code internal}
 *       package, and within a module an {@code internal} package serves the package it sits in;
 *   <li>rule 12, {@link #streamProcessorsAreDeterministic()}: code that runs in a stream processor
 *       reads no wall clock and draws no randomness, so replaying a topic reproduces every byte.
 * </ul>
 * A module is the classes of its own output directory ({@link #mainClassesOf}): no list of root
 * packages to keep in step when code moves, and a dependency's classes are never checked as if they
 * were the module's. Supertypes are resolved from the classpath (ArchUnit's default): a processor is
 * recognised through {@code ContextualProcessor}, so no {@code archunit.properties} may turn that off.
 */
public final class ModuleRules {
  private static final String CIVICTRUST = "org.civictrust.";

  /** The Kafka Streams types whose implementations run on the stream thread for each record. */
  private static final List<String> STREAM_TYPES = List.of(
      "org.apache.kafka.streams.processor.api.Processor",
      "org.apache.kafka.streams.processor.api.FixedKeyProcessor",
      "org.apache.kafka.streams.processor.api.ProcessorSupplier",
      "org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier",
      "org.apache.kafka.streams.processor.Punctuator",
      "org.apache.kafka.streams.processor.TimestampExtractor",
      "org.apache.kafka.streams.processor.StreamPartitioner",
      "org.apache.kafka.streams.kstream.Transformer",
      "org.apache.kafka.streams.kstream.ValueTransformer",
      "org.apache.kafka.streams.kstream.ValueTransformerWithKey",
      "org.apache.kafka.streams.kstream.ValueMapper",
      "org.apache.kafka.streams.kstream.ValueMapperWithKey",
      "org.apache.kafka.streams.kstream.KeyValueMapper",
      "org.apache.kafka.streams.kstream.Predicate",
      "org.apache.kafka.streams.kstream.ValueJoiner",
      "org.apache.kafka.streams.kstream.ValueJoinerWithKey",
      "org.apache.kafka.streams.kstream.Aggregator",
      "org.apache.kafka.streams.kstream.Initializer",
      "org.apache.kafka.streams.kstream.Reducer",
      "org.apache.kafka.streams.kstream.Merger",
      "org.apache.kafka.streams.kstream.ForeachAction");
  /** A method returning one is a topology factory (rule 10): its lambdas are processor code too. */
  private static final String TOPOLOGY = "org.apache.kafka.streams.Topology";

  /** Members that read the wall clock, by owner (besides every {@code java.time} {@code now()}). */
  private static final Map<String, Set<String>> WALL_CLOCK = Map.of(
      "java.lang.System", Set.of("currentTimeMillis", "nanoTime"),
      "java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system", "tickMillis", "tickSeconds", "tickMinutes"),
      "java.time.InstantSource", Set.of("system"),
      "java.util.Calendar", Set.of("getInstance"),
      "org.apache.kafka.common.utils.Time", Set.of("SYSTEM"));
  /** Members that draw randomness, by owner. */
  private static final Map<String, Set<String>> RANDOMNESS = Map.of(
      "java.lang.Math", Set.of("random"),
      "java.lang.StrictMath", Set.of("random"),
      "java.util.UUID", Set.of("randomUUID"),
      "java.util.Random", Set.of("<init>"),
      "java.security.SecureRandom", Set.of("<init>", "getInstance", "getInstanceStrong"),
      "java.util.SplittableRandom", Set.of("<init>"),
      "java.util.concurrent.ThreadLocalRandom", Set.of("current"),
      "java.util.random.RandomGenerator", Set.of("of", "getDefault"),
      "java.util.random.RandomGeneratorFactory", Set.of("create", "getDefault"));

  private ModuleRules() {}

  /**
   * The main classes of the module that holds {@code anyMainClass}: everything in the same classes
   * directory (or jar), test classes excluded.
   *
   * @throws IllegalStateException if that location holds no main class (a test class was passed)
   */
  public static JavaClasses mainClassesOf(Class<?> anyMainClass) {
    Location location;
    try {
      location = Location.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no location for " + anyMainClass.getName(), e);
    }
    JavaClasses main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importLocations(Set.of(location));
    if (!main.contain(anyMainClass)) {
      throw new IllegalStateException(anyMainClass.getName() + " is not a main class of a module (" + location + ")");
    }
    return main;
  }

  /**
   * CONVENTIONS.md rule 1: the checked classes (one module's) use an {@code org.civictrust…internal…}
   * class only if it is one of theirs, and only from the package the {@code internal} package sits
   * in or below it ({@code org.civictrust.tlog.internal} serves {@code org.civictrust.tlog..}).
   */
  public static ArchRule internalsStayHome() {
    return classes().should(new InternalsStayHome())
        .because("other modules never import internal (CONVENTIONS.md rule 1)");
  }

  /**
   * CONVENTIONS.md rule 12, on stream-processor code: no wall clock and no randomness in the classes
   * that implement a Kafka Streams processing type ({@code Processor}, {@code FixedKeyProcessor},
   * {@code Punctuator}, {@code Transformer}s, timestamp extractors, partitioners, DSL functions), in
   * topology factories (methods returning a {@code Topology}, with their lambdas), and in every code
   * unit of the checked classes such code reaches: a method it calls (and every override of it in the
   * module), everything of a class it instantiates, static initializers. A time source handed in
   * through configuration (a {@code LongSupplier}) is not followed: that is how a processor bounds
   * a wait on I/O, and the class that accepts it must say why no output byte depends on it.
   */
  public static ArchRule streamProcessorsAreDeterministic() {
    return classes().should(new Deterministic(false))
        .because("stream processors take time from record timestamps (CONVENTIONS.md rule 12)");
  }

  /** Rule 12 on every checked class, for a module that is a topology and nothing else. */
  public static ArchRule noClassReadsTheClockOrDrawsRandomness() {
    return classes().should(new Deterministic(true))
        .because("every class of this module runs in a stream processor (CONVENTIONS.md rule 12)");
  }

  /** Why {@code access} makes code nondeterministic, if it does. */
  static Optional<String> nondeterministic(JavaAccess<?> access) {
    String owner = access.getTargetOwner().getName();
    String name = access.getName();
    boolean constructor = access instanceof JavaConstructorCall || access instanceof JavaConstructorReference;
    if (WALL_CLOCK.getOrDefault(owner, Set.of()).contains(name)
        || owner.startsWith("java.time.") && name.equals("now")
        || name.equals("currentSystemTimeMs")
        || owner.equals("java.util.Date") && constructor && parameterCount(access) == 0) {
      return Optional.of("reads the wall clock");
    }
    if (RANDOMNESS.getOrDefault(owner, Set.of()).contains(name)
        || owner.equals("java.util.Collections") && name.equals("shuffle") && parameterCount(access) == 1) {
      return Optional.of("draws randomness");
    }
    return Optional.empty();
  }

  private static int parameterCount(JavaAccess<?> access) {
    return access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target
        ? target.getRawParameterTypes().size() : -1;
  }

  /** Every code unit of {@code type}, its static initializer included. */
  private static Set<JavaCodeUnit> codeUnits(JavaClass type) {
    Set<JavaCodeUnit> units = new LinkedHashSet<>(type.getCodeUnits());
    type.getStaticInitializer().ifPresent(units::add);
    return units;
  }

  /** The package an internal package serves ({@code a.b} for {@code a.b.internal.c}), if {@code pkg} is a CivicTrust internal one. */
  private static Optional<String> servedBy(String pkg) {
    if (!pkg.startsWith(CIVICTRUST)) {
      return Optional.empty();
    }
    int internal = (pkg + ".").indexOf(".internal.");
    return internal < 0 ? Optional.empty() : Optional.of(pkg.substring(0, internal));
  }

  private static final class InternalsStayHome extends ArchCondition<JavaClass> {
    private Set<String> module = Set.of();

    InternalsStayHome() {
      super("use only their own module's internal packages, each from the package it serves");
    }

    @Override
    public void init(Collection<JavaClass> all) {
      module = all.stream().map(JavaClass::getName).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void check(JavaClass origin, ConditionEvents events) {
      for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        Optional<String> served = servedBy(target.getPackageName());
        if (served.isEmpty()) {
          continue;
        }
        if (!module.contains(target.getName())) {
          events.add(SimpleConditionEvent.violated(dependency,
              dependency.getDescription() + ": internal to another module"));
        } else if (!(origin.getPackageName() + ".").startsWith(served.get() + ".")) {
          events.add(SimpleConditionEvent.violated(dependency,
              dependency.getDescription() + ": " + target.getPackageName() + " serves " + served.get() + " only"));
        }
      }
    }
  }

  private static final class Deterministic extends ArchCondition<JavaClass> {
    private final boolean everyClass;
    /** Each code unit that stream-processor code reaches, and the one it was reached from (null: a root). */
    private Map<JavaCodeUnit, JavaCodeUnit> reached = Map.of();

    Deterministic(boolean everyClass) {
      super(everyClass ? "read no wall clock and draw no randomness"
          : "read no wall clock and draw no randomness in code that runs in a stream processor");
      this.everyClass = everyClass;
    }

    @Override
    public void init(Collection<JavaClass> all) {
      if (!everyClass) {
        reached = new Reach(all).run();
      }
    }

    @Override
    public void check(JavaClass type, ConditionEvents events) {
      for (JavaCodeUnit unit : codeUnits(type)) {
        if (!everyClass && !reached.containsKey(unit)) {
          continue;
        }
        for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
          nondeterministic(access).ifPresent(why -> events.add(SimpleConditionEvent.violated(access,
              access.getDescription() + ": " + why + (everyClass ? "" : ", " + trail(unit)))));
        }
      }
    }

    /** How stream-processor code reaches {@code unit}: "reached from B.b() from P.process(Record)". */
    private String trail(JavaCodeUnit unit) {
      List<String> steps = new ArrayList<>();
      for (JavaCodeUnit step = reached.get(unit); step != null && steps.size() < 8; step = reached.get(step)) {
        steps.add(step.getFullName());
      }
      return steps.isEmpty() ? "in stream-processor code itself" : "reached from " + String.join(" from ", steps);
    }
  }

  /** The code units that stream-processor code of a module reaches, within the module. */
  private static final class Reach {
    private final Map<String, JavaClass> module = new HashMap<>();
    private final Map<JavaCodeUnit, JavaCodeUnit> from = new HashMap<>();
    private final Deque<JavaCodeUnit> work = new ArrayDeque<>();
    private final Map<String, Set<JavaClass>> subtypes = new HashMap<>();

    Reach(Collection<JavaClass> all) {
      all.forEach(type -> module.put(type.getName(), type));
    }

    Map<JavaCodeUnit, JavaCodeUnit> run() {
      for (JavaClass type : module.values()) {
        if (STREAM_TYPES.stream().anyMatch(type::isAssignableTo)) {
          whole(type, null);
          type.getAllRawSuperclasses().stream().filter(this::ours).forEach(superclass -> whole(superclass, null));
        } else {
          type.getCodeUnits().stream().filter(unit -> unit.getRawReturnType().getName().equals(TOPOLOGY))
              .forEach(unit -> reach(unit, null));
        }
      }
      while (!work.isEmpty()) {
        JavaCodeUnit unit = work.pop();
        for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
          follow(unit, access);
        }
      }
      return from;
    }

    private void follow(JavaCodeUnit unit, JavaAccess<?> access) {
      JavaClass owner = module.get(access.getTargetOwner().getName());
      if (owner == null) {
        return;
      }
      owner.getStaticInitializer().ifPresent(init -> reach(init, unit));
      if (access instanceof JavaConstructorCall || access instanceof JavaConstructorReference) {
        whole(owner, unit);
      } else if (!(access instanceof JavaFieldAccess)
          && access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target) {
        target.resolveMember().ifPresent(member -> reach(member, unit));
        List<String> parameters = target.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        for (JavaClass subtype : subtypes(owner)) {
          subtype.tryGetCodeUnitWithParameterTypeNames(target.getName(), parameters)
              .ifPresent(override -> reach(override, unit));
        }
      }
    }

    /** The module's classes below {@code type}, whose overrides a call to {@code type} may run. */
    private Set<JavaClass> subtypes(JavaClass type) {
      return subtypes.computeIfAbsent(type.getName(), name -> {
        Set<JavaClass> below = new HashSet<>();
        for (JavaClass candidate : module.values()) {
          if (candidate != type && candidate.isAssignableTo(name)) {
            below.add(candidate);
          }
        }
        return below;
      });
    }

    private boolean ours(JavaClass type) {
      return module.containsKey(type.getName());
    }

    /** Everything of {@code type}: an instance's every method may run where it was created. */
    private void whole(JavaClass type, JavaCodeUnit via) {
      codeUnits(module.getOrDefault(type.getName(), type)).forEach(unit -> reach(unit, via));
    }

    private void reach(JavaCodeUnit unit, JavaCodeUnit via) {
      if (!from.containsKey(unit) && ours(unit.getOwner())) {
        from.put(unit, via);
        work.push(unit);
      }
    }
  }
}
