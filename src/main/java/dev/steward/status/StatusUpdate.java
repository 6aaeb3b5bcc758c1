package dev.steward.status;

import java.time.Instant;

/**
 * One public update on an incident, as an operator wrote it for the status page.
 *
 * @param author who wrote it; never shown on the public page
 */
public record StatusUpdate(
        long id, long incidentId, PublicIncidentStatus status, String message, String author, Instant createdAt) {}
