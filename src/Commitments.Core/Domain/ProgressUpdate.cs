namespace Commitments.Core.Domain;

public enum ProgressUpdateStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>How a commitment is doing: op koers, risico, achter.</summary>
public enum ProgressHealth
{
    OnTrack,
    AtRisk,
    Behind,
}

/// <summary>A voortgangsrapportage of one commitment for one reporting cycle.</summary>
/// <remarks>
/// The lifecycle lives here (<see cref="Submit"/>, <see cref="Approve"/>, <see cref="Return"/>) and
/// refuses what is not allowed with a <see cref="ProgressLifecycleException"/>, like the commitment's;
/// pages never set <see cref="Status"/> themselves. Who may ask (the lead partner files, the regional
/// lead reviews) is decided by the web layer.
/// </remarks>
public class ProgressUpdate
{
    public const int NarrativeMaxLength = 8000;

    /// <summary>How many links and files one update may carry.</summary>
    public const int MaxEvidence = 20;

    public int Id { get; set; }
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public int ReportingCycleId { get; set; }
    public ReportingCycle? ReportingCycle { get; set; }
    public ProgressUpdateStatus Status { get; set; } = ProgressUpdateStatus.Draft;
    public ProgressHealth Health { get; set; } = ProgressHealth.OnTrack;
    public string? Narrative { get; set; }

    /// <summary>Optional link to evidence (a report, a news item).</summary>
    public string? EvidenceUrl { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<IndicatorValue> Values { get; set; } = [];
    public List<ProgressEvidence> Evidence { get; set; } = [];

    /// <summary>The regional lead's comment when the update was last returned; cleared on resubmission.</summary>
    public string? ReturnComment { get; set; }

    public DateTime? ApprovedAt { get; set; }

    /// <summary>The lead partner may still change it: a draft, or one the regional lead returned.</summary>
    public bool IsOpenForChanges => Status is ProgressUpdateStatus.Draft or ProgressUpdateStatus.Returned;

    public bool CanBeSubmitted => IsOpenForChanges;

    public bool CanBeReviewed => Status == ProgressUpdateStatus.Submitted;

    /// <summary>Draft or returned → submitted; the lead's earlier comment has been dealt with.</summary>
    public void Submit(DateTime now)
    {
        Require(CanBeSubmitted, "submit");
        Status = ProgressUpdateStatus.Submitted;
        SubmittedAt = now;
        ReturnComment = null;
    }

    /// <summary>Submitted → approved, recorded as a review of this update on the commitment's current revision.</summary>
    public Review Approve(string reviewerUserId, int commitmentRevision, DateTime now)
    {
        Require(CanBeReviewed, "approve");
        Status = ProgressUpdateStatus.Approved;
        ApprovedAt = now;
        return NewReview(reviewerUserId, ReviewDecision.Approved, null, commitmentRevision, now);
    }

    /// <summary>Submitted → returned, with the comment that says what to correct (required).</summary>
    public Review Return(string reviewerUserId, string comment, int commitmentRevision, DateTime now)
    {
        Require(CanBeReviewed, "return");
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ProgressLifecycleException("A progress update is returned with a comment that says what to correct.");
        }
        Status = ProgressUpdateStatus.Returned;
        ReturnComment = comment;
        return NewReview(reviewerUserId, ReviewDecision.Returned, comment, commitmentRevision, now);
    }

    private Review NewReview(string reviewerUserId, ReviewDecision decision, string? comment, int revision, DateTime now) => new()
    {
        CommitmentId = CommitmentId,
        ProgressUpdateId = Id,
        ProgressUpdate = this,
        ReviewerUserId = reviewerUserId,
        Decision = decision,
        Comment = comment,
        DecidedAt = now,
        Revision = revision,
    };

    private void Require(bool allowed, string transition)
    {
        if (!allowed)
        {
            throw new ProgressLifecycleException($"A progress update that is {Status} cannot {transition}.");
        }
    }
}

/// <summary>A transition of a progress update that its lifecycle does not allow (for example approving a draft).</summary>
public sealed class ProgressLifecycleException(string message) : InvalidOperationException(message);

/// <summary>The value of one indicator as reported in one progress update.</summary>
public class IndicatorValue
{
    public int ProgressUpdateId { get; set; }
    public ProgressUpdate? ProgressUpdate { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public decimal Value { get; set; }
}
