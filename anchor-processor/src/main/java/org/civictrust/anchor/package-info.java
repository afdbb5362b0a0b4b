/**
 * The sequencer of CivicTrust logs (Kafka Streams): {@link org.civictrust.anchor.SequencerTopology}
 * appends each issued document's entry to its log (one log a partition of
 * {@code civictrust.documents.issued}), keeps the compact range and tile rows in changelogged stores,
 * signs C2SP checkpoints every N entries or T milliseconds of record time, and emits for every leaf a
 * checkpoint covers its receipt (C2SP tlog-proof) and ANCHORED status. With a
 * {@link org.civictrust.anchor.WitnessPolicy}, a checkpoint counts only once a quorum of C2SP
 * witnesses cosigned it (tlog-witness {@code add-checkpoint}, tlog-cosignature/v1), and is published
 * and carried in receipts with their cosignatures. A lost deployment's log continues from its archive
 * through a {@link org.civictrust.anchor.LogSeeds seed} on the input, which the sequencer verifies and
 * adopts into an empty log only; {@link org.civictrust.anchor.SeedPublication} publishes one, with the
 * log's entries and checkpoint, and awaits the sequencer's verdict. See
 * {@code docs/design/anchor-processor.md}.
 */
package org.civictrust.anchor;
