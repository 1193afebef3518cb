namespace Commitments.Core.Domain;

public enum CommitmentStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Withdrawn,
}

/// <summary>
/// A toezegging: what a partner (the lead, <see cref="OrganizationId"/>, which is the tenant that owns it)
/// promises, with co-partners, themes, resources and measurable indicators.
/// </summary>
public class Commitment
{
    public int Id { get; set; }

    /// <summary>The lead partner; owner of the commitment for tenancy.</summary>
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>The cycle in which the commitment was announced.</summary>
    public int ReportingCycleId { get; set; }
    public ReportingCycle? ReportingCycle { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>Budget in euros.</summary>
    public decimal? BudgetEuros { get; set; }

    /// <summary>Resources given in kind (hours, equipment, locations), described in words.</summary>
    public string? InKindDescription { get; set; }

    public CommitmentStatus Status { get; set; } = CommitmentStatus.Draft;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }

    /// <summary>Optimistic concurrency: a stale form cannot overwrite a newer save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The lead partner may change it while it is a draft or has been returned for changes.</summary>
    public bool IsOpenForChanges => Status is CommitmentStatus.Draft or CommitmentStatus.Returned;

    public List<Theme> Themes { get; set; } = [];
    public List<CommitmentCoPartner> CoPartners { get; set; } = [];
    public List<Indicator> Indicators { get; set; } = [];
    public List<ProgressUpdate> ProgressUpdates { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];
}

/// <summary>An organisation named as co-partner on a commitment; it may read it, not change it.</summary>
public class CommitmentCoPartner
{
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
}
