namespace Commitments.Core.Domain;

public enum ReviewDecision
{
    Approved,
    Returned,
}

/// <summary>
/// A beoordeling by a regional lead of a submitted commitment (<see cref="ProgressUpdateId"/> null)
/// or of one of its progress updates.
/// </summary>
public class Review
{
    public int Id { get; set; }
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public int? ProgressUpdateId { get; set; }
    public ProgressUpdate? ProgressUpdate { get; set; }
    public required string ReviewerUserId { get; set; }
    public ReviewDecision Decision { get; set; }

    /// <summary>Required when returned: what the partner must change.</summary>
    public string? Comment { get; set; }

    public DateTime DecidedAt { get; set; }

    /// <summary>The revision of the commitment that was decided on.</summary>
    public int Revision { get; set; } = 1;
}
