/**
 * JMH benchmarks of the trust core: the SHA-256 baseline, appends to a compact range, inclusion
 * and consistency proof verification (RFC 9162 sections 2.1.3 and 2.1.4) and Ed25519 signing of
 * checkpoint bodies (RFC 8032 section 5.1).
 *
 * <p>Compiled with the tests, never run by them: {@code bin/bench merkle} runs
 * {@link org.civictrust.tlog.bench.MerkleBenchmarks}, which writes the figures to
 * {@code docs/benchmarks/merkle-<date>.json} and {@code .md}.
 */
package org.civictrust.tlog.bench;
