package org.civictrust.tlog.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Property tests as JUnit 5 parameterized tests over a seeded generator.
 *
 * <p>A property is a {@link PropertyTest} method whose {@code @MethodSource} returns {@link #cases}:
 * first the explicit edge cases (0, 1, the maxima, empty arrays), then {@code count} random cases. Each
 * random case draws its arguments from its own {@link Gen}, seeded by one {@code long}, and is named
 * for that seed ({@code [7] seed=-4962768465676381896}). A failing case fails with an
 * {@link AssertionError} whose message starts with that name and whose cause is the original failure.
 *
 * <p>The first random case uses the base seed, {@value #DEFAULT_SEED} unless the system property
 * {@value #SEED_PROPERTY} gives another; the other seeds follow from it. The same base seed gives the
 * same cases on every run. To reproduce a failure, pass its seed, which then runs as the first random
 * case:
 *
 * <pre>
 * mvn -B -o -pl merkle-builder -am verify -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='CompactRangeTest#mergingIsAssociative' -Dcivictrust.seed=-4962768465676381896
 * </pre>
 */
public final class RandomCases {
  /** The system property that sets the base seed. */
  public static final String SEED_PROPERTY = "civictrust.seed";

  /** The base seed when {@value #SEED_PROPERTY} is not set. */
  public static final long DEFAULT_SEED = 20_240_917L;

  private RandomCases() {}

  /**
   * A property test: a {@link ParameterizedTest} whose failures name their case, so the seed of a
   * failing random case is in the failure message (surefire reports parameterized invocations by index,
   * not by display name).
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest
  @ExtendWith(NameInFailure.class)
  public @interface PropertyTest {}

  /** Returns the base seed: {@value #SEED_PROPERTY} if set, otherwise {@value #DEFAULT_SEED}. */
  public static long baseSeed() {
    String seed = System.getProperty(SEED_PROPERTY, "").trim();
    return seed.isEmpty() ? DEFAULT_SEED : Long.parseLong(seed);
  }

  /** Returns {@code count} seeds: the base seed, then seeds drawn from a generator seeded with it. */
  public static LongStream seeds(int count) {
    long base = baseSeed();
    SplittableRandom next = new SplittableRandom(base);
    return LongStream.iterate(base, previous -> next.nextLong()).limit(count);
  }

  /**
   * Returns the cases of a property: {@code edgeCases} first, each named "edge" and its arguments
   * unless it is already a named {@link Arguments.ArgumentSet}, then {@code count} random cases, each
   * the arguments {@code generator} draws from the {@link Gen} of one of {@link #seeds}, named for its
   * seed.
   */
  public static Stream<Arguments> cases(int count, Function<Gen, Arguments> generator, Arguments... edgeCases) {
    Stream<Arguments> edges = Arrays.stream(edgeCases).map(edge -> edge instanceof Arguments.ArgumentSet
        ? edge
        : Arguments.argumentSet("edge " + Arrays.deepToString(edge.get()), edge.get()));
    Stream<Arguments> random = seeds(count).mapToObj(seed ->
        Arguments.argumentSet("seed=" + seed, generator.apply(new Gen(seed)).get()));
    return Stream.concat(edges, random);
  }

  /** Returns the edges of {@code [min, max]}, where off-by-one faults show: min, min + 1, 0, 1, max - 1, max. */
  public static Integer[] edges(int min, int max) {
    TreeSet<Integer> edges = new TreeSet<>();
    for (long v : new long[] {min, (long) min + 1, 0, 1, (long) max - 1, max}) {
      if (min <= v && v <= max) {
        edges.add((int) v);
      }
    }
    return edges.toArray(new Integer[0]);
  }

  /** Returns the edges of {@code [min, max]}: min, min + 1, 0, 1, max - 1, max. */
  public static Long[] edges(long min, long max) {
    TreeSet<Long> edges = new TreeSet<>();
    for (long v : new long[] {min, min == Long.MAX_VALUE ? min : min + 1, 0, 1,
        max == Long.MIN_VALUE ? max : max - 1, max}) {
      if (min <= v && v <= max) {
        edges.add(v);
      }
    }
    return edges.toArray(new Long[0]);
  }

  /** Returns every combination of one value per parameter, for edge cases of several parameters. */
  public static Arguments[] combinations(Object[]... valuesPerParameter) {
    List<Object[]> tuples = Collections.singletonList(new Object[0]);
    for (Object[] values : valuesPerParameter) {
      List<Object[]> longer = new ArrayList<>();
      for (Object[] tuple : tuples) {
        for (Object value : values) {
          Object[] next = Arrays.copyOf(tuple, tuple.length + 1);
          next[tuple.length] = value;
          longer.add(next);
        }
      }
      tuples = longer;
    }
    return tuples.stream().map(tuple -> Arguments.of(tuple)).toArray(Arguments[]::new);
  }

  /** Returns the characters {@code first} to {@code last}, inclusive, for {@link Gen#string}. */
  public static String chars(char first, char last) {
    StringBuilder chars = new StringBuilder();
    for (char c = first; c <= last; c++) {
      chars.append(c);
    }
    return chars.toString();
  }

  /** The seeded source of one case's values: ints, longs, bytes, strings, lists, optionals. */
  public static final class Gen {
    private final SplittableRandom random;

    /** Returns the generator for {@code seed}; the same seed gives the same values. */
    public Gen(long seed) {
      this.random = new SplittableRandom(seed);
    }

    /** Returns an int in {@code [min, max]}, as {@link #longBetween} draws it. */
    public int intBetween(int min, int max) {
      return (int) longBetween(min, max);
    }

    /** Returns any int. */
    public int anyInt() {
      return random.nextInt();
    }

    /**
     * Returns a long in {@code [min, max]}: half the time uniformly, half the time {@code min} plus a
     * number of a uniformly chosen bit length. So small values and every magnitude come up: a uniform
     * long in a wide range almost always has 19 digits, and a uniform size in {@code [0, 1100]} is rarely
     * a small tree.
     */
    public long longBetween(long min, long max) {
      long span = max - min;
      if (random.nextBoolean()) {
        int bits = random.nextInt(64);
        long offset = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
        if (span >= 0 && offset <= span) {
          return min + offset;
        }
      }
      if (max < Long.MAX_VALUE) {
        return random.nextLong(min, max + 1);
      }
      return min > Long.MIN_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong();
    }

    /** Returns {@code length} random bytes. */
    public byte[] bytes(int length) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }

    /** Returns between {@code minLength} and {@code maxLength} random bytes. */
    public byte[] bytes(int minLength, int maxLength) {
      return bytes(intBetween(minLength, maxLength));
    }

    /** Returns a string of {@code minLength} to {@code maxLength} characters drawn from {@code chars}. */
    public String string(int minLength, int maxLength, String chars) {
      int length = intBetween(minLength, maxLength);
      StringBuilder string = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        string.append(chars.charAt(random.nextInt(chars.length())));
      }
      return string.toString();
    }

    /** Returns one of {@code values}, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
      return values[random.nextInt(values.length)];
    }

    /** Returns a list of {@code minSize} to {@code maxSize} elements from {@code element}. */
    public <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
      int size = intBetween(minSize, maxSize);
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.get());
      }
      return list;
    }

    /** Returns empty one time in four, otherwise a value from {@code value}. */
    public <T> Optional<T> optional(Supplier<T> value) {
      return random.nextInt(4) == 0 ? Optional.empty() : Optional.of(value.get());
    }
  }

  /**
   * Puts the case's name without its index ("seed=..." or "edge ..."), and for a random case the
   * option that reruns it first, at the start of a failure's message; the failure is the cause.
   */
  static final class NameInFailure implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
      String name = context.getDisplayName().replaceFirst("^\\[\\d+\\] ", "");
      String rerun = name.startsWith("seed=")
          ? " (rerun it first with -D" + SEED_PROPERTY + "=" + name.substring("seed=".length()) + ")"
          : "";
      throw new AssertionError(name + rerun + ": " + failure, failure);
    }
  }
}
