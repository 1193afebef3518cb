namespace Commitments.Core.Domain;

/// <summary>
/// One line of the append-only history: who did what to which record, when. The data layer refuses
/// to change or delete these rows.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }

    /// <summary>What happened, e.g. "commitment.created", "commitment.submitted", "report.downloaded".</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>The organisation the record belongs to, so that history can be scoped like the data.</summary>
    public int? OrganizationId { get; set; }

    /// <summary>Free text or JSON with the particulars (old and new status, the comment).</summary>
    public string? Details { get; set; }
}
