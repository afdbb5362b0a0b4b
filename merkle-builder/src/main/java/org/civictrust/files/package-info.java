/**
 * Durable, atomic file writes, one implementation for every CivicTrust module that keeps state in
 * files (witness state, snapshots, tile directories, archives, the cluster address): write a
 * temporary file in the same directory, {@code fsync} it, {@code rename(2)} it over the target (POSIX.1
 * {@code rename}: "If the link named by the new argument exists, it shall be removed and old renamed to
 * new. In this case, a link named new shall remain visible to other threads throughout the renaming
 * operation"), then {@code fsync} the directory so that the new name is durable.
 *
 * <p>This is the one package of the trust core that does I/O; {@code org.civictrust.tlog} and {@code
 * org.civictrust.text} do none (CONVENTIONS.md, rule 3) and do not use it.
 */
package org.civictrust.files;
