/**
 * The processors of the issuance topology and their helpers. For {@code org.civictrust.issuance} only:
 * no other module may use these classes.
 */
package org.civictrust.issuance.internal;
