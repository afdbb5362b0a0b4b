package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.civictrust.monitor.Incident;

/** An incident as the JSON lines of {@code incidents} and {@code monitor} print it. */
final class IncidentJson {
  private IncidentJson() {}

  /** The fields of an incident, as the JSON lines print them. */
  static ObjectNode describe(Incident incident) {
    ObjectNode json = Json.object().put("monitor", incident.monitor()).put("origin", incident.origin())
        .put("severity", incident.severity().label()).put("reason", incident.reason().name())
        .put("time", Instant.ofEpochMilli(incident.time()).toString()).put("suppressed", incident.suppressed())
        .put("checkpoints", incident.checkpoints().size()).put("proofHashes", incident.proof().size());
    incident.detail().ifPresent(d -> json.put("detail", d));
    return json;
  }
}
