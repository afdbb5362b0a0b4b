package org.civictrust.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.tlog.VerifierKey;

/**
 * {@code up --witness URL=VKEY… [--witness-quorum K]}: the witnesses a quorum of which must cosign a
 * checkpoint before it counts for receipts. {@code URL} is a witness's C2SP tlog-witness submission
 * prefix, {@code VKEY} its cosigner verifier key (type 0x04, as {@code civictrust witness} prints it).
 */
final class WitnessOptions {
  private WitnessOptions() {}

  /**
   * The policy of {@code arguments} (each {@code URL=VKEY}) with {@code quorum} (default: all of
   * them), or empty without witnesses.
   *
   * @throws InputException if an argument is not a URL and a cosigner key, or the quorum does not fit
   */
  static Optional<WitnessPolicy> policy(List<String> arguments, Integer quorum) throws InputException {
    if (arguments == null || arguments.isEmpty()) {
      if (quorum != null) {
        throw new InputException("--witness-quorum needs --witness URL=VKEY");
      }
      return Optional.empty();
    }
    List<WitnessPolicy.Witness> witnesses = new ArrayList<>();
    for (String argument : arguments) {
      witnesses.add(witness(argument));
    }
    try {
      return Optional.of(WitnessPolicy.of(witnesses, quorum == null ? witnesses.size() : quorum));
    } catch (IllegalArgumentException e) {
      throw new InputException("--witness, --witness-quorum: " + e.getMessage(), e);
    }
  }

  /**
   * One {@code URL=VKEY}. A URL may hold {@code =} and a vkey ends in base64 padding, so the argument
   * is split at the first {@code =} after which a cosigner key follows.
   */
  private static WitnessPolicy.Witness witness(String argument) throws InputException {
    for (int at = argument.indexOf('='); at > 0; at = argument.indexOf('=', at + 1)) {
      VerifierKey key;
      try {
        key = VerifierKey.parse(argument.substring(at + 1));
      } catch (IllegalArgumentException notAKey) {
        continue;
      }
      try {
        return new WitnessPolicy.Witness(new URI(argument.substring(0, at)), key);
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new InputException("--witness " + argument + ": " + e.getMessage(), e);
      }
    }
    throw new InputException("--witness takes URL=VKEY (the witness's submission prefix and its cosigner vkey), got "
        + argument);
  }
}
