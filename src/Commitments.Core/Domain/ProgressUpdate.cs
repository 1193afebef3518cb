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
public class ProgressUpdate
{
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
}

/// <summary>The value of one indicator as reported in one progress update.</summary>
public class IndicatorValue
{
    public int ProgressUpdateId { get; set; }
    public ProgressUpdate? ProgressUpdate { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public decimal Value { get; set; }
}
