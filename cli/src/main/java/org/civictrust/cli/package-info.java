/**
 * The {@code civictrust} command: auditor tools over a Merkle log (RFC 9162 roots and proofs, C2SP
 * tlog-tiles), C2SP signed notes and keys, offline receipt verification ({@code verify}), the pipeline
 * commands ({@code up} runs it, {@code issue} publishes requests, {@code receipts} exports receipt files,
 * {@code replay} rebuilds each log from its entries topic and checks every checkpoint) and the demo.
 * Entry point: {@link org.civictrust.cli.Main}. Output formats and exit codes are described in
 * {@code docs/formats.md}. Commands hold picocli glue only: what several share is in small classes of
 * their own ({@link org.civictrust.cli.InputFiles}, {@link org.civictrust.cli.SignerKeyFiles},
 * {@link org.civictrust.cli.ReceiptFiles}, {@link org.civictrust.cli.IncidentJson},
 * {@link org.civictrust.cli.DemoMix}, the option classes), and what is protocol or library code is in
 * its module (the archive's writer and replay in {@code connectors}, the restore's publication in
 * {@code anchor-processor}).
 */
package org.civictrust.cli;
