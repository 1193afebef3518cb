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
/// <remarks>
/// The lifecycle lives here (<see cref="Submit"/>, <see cref="Approve"/>, <see cref="Return"/>,
/// <see cref="Withdraw"/>, <see cref="Revise"/>), and refuses what is not allowed with a
/// <see cref="CommitmentLifecycleException"/>; pages never set <see cref="Status"/> themselves. Who may
/// ask for a transition (the lead partner, the region's lead) is decided by the web layer's
/// authorization handler.
/// </remarks>
public class Commitment
{
    public const int TitleMaxLength = 300;
    public const int DescriptionMaxLength = 8000;
    public const int InKindMaxLength = 2000;
    public const int ContactNameMaxLength = 200;
    public const int ContactEmailMaxLength = 320;
    public const int ReasonMaxLength = 4000;

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

    /// <summary>The person to contact about this commitment (and who receives its reminders).</summary>
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>
    /// The lead partner's share in percent. With the co-partners' shares it adds up to 100, so that
    /// totals per theme and region count a joint commitment once.
    /// </summary>
    public decimal LeadSharePercent { get; set; } = 100;

    public CommitmentStatus Status { get; set; } = CommitmentStatus.Draft;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }

    /// <summary>The regional lead's comment when the commitment was last returned; cleared on resubmission.</summary>
    public string? ReturnComment { get; set; }

    /// <summary>The revision being worked on or reviewed: 1 for a new commitment, one more for each change after approval.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>The number of the last approved revision, if any.</summary>
    public int? ApprovedRevision { get; set; }

    /// <summary>
    /// The last approved revision's content (<see cref="CommitmentContent"/> as JSON). While a newer
    /// revision is drafted or reviewed, this is what counts (the report shows it).
    /// </summary>
    public string? ApprovedContent { get; set; }

    /// <summary>Optimistic concurrency: a stale form cannot overwrite a newer save (renewed on any change of the commitment or its parts).</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The lead partner may change it: a draft, a returned one, or an approved one (which starts a new revision).</summary>
    public bool IsOpenForChanges => Status is CommitmentStatus.Draft or CommitmentStatus.Returned;

    public bool CanBeRevised => Status == CommitmentStatus.Approved;

    public bool CanBeSubmitted => Status is CommitmentStatus.Draft or CommitmentStatus.Returned;

    public bool CanBeReviewed => Status == CommitmentStatus.Submitted;

    /// <summary>Submitted or approved commitments can be withdrawn, and so can a revision of an approved one.</summary>
    public bool CanBeWithdrawn => Status is CommitmentStatus.Submitted or CommitmentStatus.Approved
        || (ApprovedRevision != null && Status != CommitmentStatus.Withdrawn);

    /// <summary>Only a draft that was never approved may be deleted; anything else stays on record.</summary>
    public bool CanBeDeleted => Status == CommitmentStatus.Draft && ApprovedRevision == null;

    /// <summary>True while a newer revision of an approved commitment is drafted or reviewed.</summary>
    public bool IsRevisionInProgress => ApprovedRevision != null && Status != CommitmentStatus.Approved && Status != CommitmentStatus.Withdrawn;

    public List<Theme> Themes { get; set; } = [];
    public List<CommitmentCoPartner> CoPartners { get; set; } = [];
    public List<Indicator> Indicators { get; set; } = [];
    public List<ProgressUpdate> ProgressUpdates { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];

    /// <summary>
    /// What keeps this commitment from being SMART, per field: a title, a theme, an end date, resources
    /// (budget or in kind), at least one indicator with a target and a target date, and shares that add
    /// up to 100. Themes, co-partners and indicators must be loaded.
    /// </summary>
    public IReadOnlyList<SmartGap> SmartGaps()
    {
        var gaps = new List<SmartGap>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            gaps.Add(SmartGap.Title);
        }
        if (Themes.Count == 0)
        {
            gaps.Add(SmartGap.Theme);
        }
        if (EndDate == null)
        {
            gaps.Add(SmartGap.EndDate);
        }
        if (BudgetEuros is null or 0 && string.IsNullOrWhiteSpace(InKindDescription))
        {
            gaps.Add(SmartGap.Resources);
        }
        if (Indicators.Count == 0)
        {
            gaps.Add(SmartGap.Indicator);
        }
        else
        {
            if (Indicators.Any(i => i.Target == null))
            {
                gaps.Add(SmartGap.IndicatorTarget);
            }
            if (Indicators.Any(i => i.TargetDate == null))
            {
                gaps.Add(SmartGap.IndicatorTargetDate);
            }
        }
        if (LeadSharePercent + CoPartners.Sum(p => p.SharePercent) != 100)
        {
            gaps.Add(SmartGap.Shares);
        }
        return gaps;
    }

    /// <summary>Draft or returned → submitted, when SMART. Themes, co-partners and indicators must be loaded.</summary>
    public void Submit(DateTime now)
    {
        Require(CanBeSubmitted, "submit");
        var gaps = SmartGaps();
        if (gaps.Count > 0)
        {
            throw new CommitmentNotSmartException(gaps);
        }
        Status = CommitmentStatus.Submitted;
        SubmittedAt = now;
        ReturnComment = null;
    }

    /// <summary>Submitted → approved: this revision becomes the one that counts.</summary>
    public Review Approve(string reviewerUserId, DateTime now)
    {
        Require(CanBeReviewed, "approve");
        Status = CommitmentStatus.Approved;
        ApprovedAt = now;
        ApprovedRevision = Revision;
        ApprovedContent = CommitmentContent.Of(this).ToJson();
        var review = new Review { CommitmentId = Id, ReviewerUserId = reviewerUserId, Decision = ReviewDecision.Approved, DecidedAt = now, Revision = Revision };
        Reviews.Add(review);
        return review;
    }

    /// <summary>Submitted → returned, with the comment that says what to change (required).</summary>
    public Review Return(string reviewerUserId, string comment, DateTime now)
    {
        Require(CanBeReviewed, "return");
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new CommitmentLifecycleException("A commitment is returned with a comment that says what to change.");
        }
        Status = CommitmentStatus.Returned;
        ReturnComment = comment;
        var review = new Review { CommitmentId = Id, ReviewerUserId = reviewerUserId, Decision = ReviewDecision.Returned, Comment = comment, DecidedAt = now, Revision = Revision };
        Reviews.Add(review);
        return review;
    }

    /// <summary>Withdrawn, with the reason (required); it stays on record.</summary>
    public void Withdraw(string reason, DateTime now)
    {
        Require(CanBeWithdrawn, "withdraw");
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new CommitmentLifecycleException("A commitment is withdrawn with a reason.");
        }
        Status = CommitmentStatus.Withdrawn;
        WithdrawnAt = now;
        WithdrawalReason = reason;
    }

    /// <summary>Approved → a new draft revision; the approved revision keeps counting until the new one is approved.</summary>
    public void Revise()
    {
        Require(CanBeRevised, "revise");
        Revision++;
        Status = CommitmentStatus.Draft;
    }

    private void Require(bool allowed, string transition)
    {
        if (!allowed)
        {
            throw new CommitmentLifecycleException($"A commitment that is {Status} cannot {transition}.");
        }
    }
}

public enum CoPartnerResponse
{
    Pending,
    Confirmed,
    Declined,
}

/// <summary>
/// An organisation named as co-partner on a commitment, with its share. It may read the commitment
/// (not change it) and answers the request: confirm or decline.
/// </summary>
public class CommitmentCoPartner
{
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>This partner's share of the commitment's budget and results, in percent.</summary>
    public decimal SharePercent { get; set; }

    public CoPartnerResponse Response { get; set; } = CoPartnerResponse.Pending;
    public DateTime? RespondedAt { get; set; }

    public bool IsConfirmed => Response == CoPartnerResponse.Confirmed;

    /// <summary>The co-partner confirms or declines; it may change its answer.</summary>
    public void Answer(bool confirm, DateTime now)
    {
        Response = confirm ? CoPartnerResponse.Confirmed : CoPartnerResponse.Declined;
        RespondedAt = now;
    }
}

/// <summary>What keeps a commitment from being submitted.</summary>
public enum SmartGap
{
    Title,
    Theme,
    EndDate,
    Resources,
    Indicator,
    IndicatorTarget,
    IndicatorTargetDate,
    Shares,
}

/// <summary>A transition the lifecycle does not allow (for example approving a draft).</summary>
public class CommitmentLifecycleException(string message) : InvalidOperationException(message);

/// <summary>Submitting a commitment that is not SMART; <see cref="Gaps"/> says what is missing.</summary>
public sealed class CommitmentNotSmartException(IReadOnlyList<SmartGap> gaps)
    : CommitmentLifecycleException("The commitment is not SMART: " + string.Join(", ", gaps))
{
    public IReadOnlyList<SmartGap> Gaps { get; } = gaps;
}
