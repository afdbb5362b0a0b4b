/**
 * Monitors and witnesses of CivicTrust logs: the parties that catch a log showing two histories.
 *
 * <ul>
 *   <li>{@link org.civictrust.monitor.Monitor}: the core, no I/O. Each new checkpoint is authenticated
 *       with the log's key (C2SP signed-note), parsed strictly (C2SP tlog-checkpoint), and checked
 *       consistent (RFC 9162 section 2.1.4) with the last one accepted, with a proof read from a
 *       {@link org.civictrust.monitor.ProofSource} (tlog-tiles, or the monitor's own copy of the
 *       entries). Two validly signed checkpoints that are not consistent are a critical
 *       {@link org.civictrust.monitor.Incident}; everything else that is wrong is a warning.
 *   <li>{@link org.civictrust.monitor.MonitorTopology}: the monitor as a Kafka Streams application over
 *       {@code civictrust.log.checkpoints} and {@code civictrust.log.entries}, gossiping signed
 *       {@link org.civictrust.monitor.Observation}s on {@code civictrust.monitor.gossip} and publishing
 *       signed incidents on {@code civictrust.monitor.incidents}; {@link org.civictrust.monitor.MonitorStreams}
 *       runs it. {@link org.civictrust.monitor.LogPoller}: the monitor of a remote log over HTTP.
 *   <li>{@link org.civictrust.monitor.IncidentVerifier}: offline verification of incidents by a third
 *       party who trusts only the monitors' and logs' keys.
 *   <li>{@link org.civictrust.witness.Witness} and {@link org.civictrust.witness.WitnessServer}: a C2SP
 *       tlog-witness ({@code add-checkpoint}), cosigning with tlog-cosignature/v1;
 *       {@link org.civictrust.witness.WitnessClient}: its client.
 * </ul>
 *
 * <p>Design, formats and limits: {@code docs/design/monitor.md}.
 */
package org.civictrust.monitor;
