namespace Commitments.Core.Domain;

/// <summary>
/// Records that a weekly digest went to one recipient for one week; the unique key makes sure a
/// digest is sent at most once per recipient per week, whatever runs the job twice.
/// </summary>
public class DigestLog
{
    public long Id { get; set; }
    public required string Recipient { get; set; }

    /// <summary>Which digest: the regional lead's review digest, or a partner's reminder digest.</summary>
    public required string Kind { get; set; }

    /// <summary>The Monday (Europe/Amsterdam) of the week the digest covers.</summary>
    public DateOnly WeekOf { get; set; }

    public DateTime SentAt { get; set; }
}
