/**
 * Helpers of {@code org.civictrust.platform}, for that package only: finding a log entry by leaf index
 * in the entries topic ({@link org.civictrust.platform.internal.EntryLookup}).
 */
package org.civictrust.platform.internal;
