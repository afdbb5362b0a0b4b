/**
 * The {@code civictrust} command: auditor tools over a Merkle log (RFC 9162 roots and proofs, C2SP
 * tlog-tiles), C2SP signed notes and keys, offline receipt verification ({@code verify}), the pipeline
 * commands ({@code up} runs it, {@code issue} publishes requests, {@code receipts} exports receipt files,
 * {@code replay} rebuilds each log from its entries topic and checks every checkpoint) and the demo.
 * Entry point: {@link org.civictrust.cli.Main}. Output formats and exit codes are described in
 * {@code docs/formats.md}.
 */
package org.civictrust.cli;
