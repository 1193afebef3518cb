namespace Commitments.Core.Domain;

/// <summary>Which data a report run covers: decided from the requester's scope when it is asked for, never from input.</summary>
public enum ReportRunScope
{
    National,
    Region,
    Organization,

    /// <summary>
    /// The freezing of a cycle (administrators): the national report and one per landsdeel, stored in
    /// <see cref="AnnualReport"/> rather than in the run, which only carries the progress.
    /// </summary>
    Freeze,
}

public enum ReportRunState
{
    Queued,
    Building,
    Ready,
    Failed,
}

/// <summary>
/// One annual report asked for by one user and built by a background job: who asked, for which cycle
/// and which data, how far the job is, and the finished file. Only the requester downloads it; runs are
/// removed after <c>ReportRunRetention</c>. Unlike <see cref="AnnualReport"/> it is a working copy,
/// not what the ministers received.
/// </summary>
public class ReportRun
{
    /// <summary>
    /// A run still queued or building this long after it was asked for lost its job (an instance
    /// stopped in the middle): a new request starts afresh instead of joining it, and a freeze that old
    /// no longer holds its cycle closed. A national report at ten times the national scale takes
    /// minutes, a freeze six of those.
    /// </summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromHours(1);

    public int Id { get; set; }
    public required string RequestedByUserId { get; set; }
    public string? RequestedByName { get; set; }
    public ReportRunScope Scope { get; set; }

    /// <summary>Set for <see cref="ReportRunScope.Region"/>.</summary>
    public int? RegionId { get; set; }

    /// <summary>Set for <see cref="ReportRunScope.Organization"/>.</summary>
    public int? OrganizationId { get; set; }

    public int ReportingCycleId { get; set; }
    public ReportingCycle? ReportingCycle { get; set; }
    public ReportRunState State { get; set; }

    /// <summary>0–100, as far as the job has reported it.</summary>
    public int Percent { get; set; }

    public DateTime RequestedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? FileName { get; set; }
    public byte[]? Content { get; set; }

    /// <summary>Why the run failed, in Dutch and English, for the requester.</summary>
    public string? Error { get; set; }
}
