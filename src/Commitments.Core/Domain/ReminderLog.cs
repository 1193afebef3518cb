namespace Commitments.Core.Domain;

public enum ReminderKind
{
    BeforeDeadline,
    OnDeadline,
    AfterDeadline,
    EscalatedToRegionalLead,
}

/// <summary>
/// Records that a reminder of one kind went out for one commitment in one cycle; the unique key makes
/// sure nobody gets the same reminder twice, even when the job runs again.
/// </summary>
public class ReminderLog
{
    public long Id { get; set; }
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public int ReportingCycleId { get; set; }
    public ReminderKind Kind { get; set; }
    public required string Recipient { get; set; }
    public DateTime SentAt { get; set; }
}
