using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Lifecycle;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// Everything about one commitment, its history, and the steps the signed-in user may take from here:
/// the lead partner submits (handler Submit), a named co-partner confirms or declines its part
/// (handlers Confirm and Decline). Every step asks <see cref="CommitmentOperations"/>, on the page for
/// the buttons and again in the handler, so a forged post is refused like a hidden button.
/// </summary>
public class DetailsModel(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IAuthorizationService authorization,
    LifecycleNotifications notifications,
    TimeProvider time) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;

    /// <summary>The approved revision that still counts while a newer one is drafted or reviewed.</summary>
    public CommitmentContent? ApprovedContent { get; private set; }

    /// <summary>Organisation names for the co-partners of the approved revision.</summary>
    public IReadOnlyDictionary<int, string> OrganizationNames { get; private set; } = new Dictionary<int, string>();

    /// <summary>The regional lead's comment while the commitment is returned.</summary>
    public string? ReturnComment { get; private set; }

    /// <summary>The history, oldest first.</summary>
    public IReadOnlyList<HistoryItem> History { get; private set; } = [];

    /// <summary>What keeps the commitment from being submitted, after "Indienen" was refused.</summary>
    public IReadOnlyList<SmartGap> SmartGaps { get; private set; } = [];

    /// <summary>A refusal that is not about the content (someone else changed it meanwhile, the state changed).</summary>
    public string? Problem { get; private set; }

    /// <summary>The user is of the lead partner (files the progress updates).</summary>
    public bool IsLeadPartner => db.Scope.IsOrganization(Commitment.OrganizationId);

    public bool CanEdit { get; private set; }
    public bool CanSubmit { get; private set; }
    public bool CanWithdraw { get; private set; }
    public bool CanDelete { get; private set; }
    public bool CanReview { get; private set; }

    /// <summary>The signed-in partner's own co-partner row, when it may answer the request.</summary>
    public CommitmentCoPartner? OwnCoPartnerRow { get; private set; }

    public sealed record HistoryItem(
        DateTime At,
        string? Who,
        string Action,
        string? OrganizationName,
        int? Revision,
        IReadOnlyList<FieldChange> Changes,
        string? Comment,
        string? Reason);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadPageAsync(id, ct) ? Page() : NotFound();

    /// <summary>Draft or returned → submitted, when SMART; the region's leads are told by e-mail.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(int id, Guid version, CancellationToken ct)
    {
        var commitment = await LoadForChangeAsync(id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!await AllowsAsync(commitment, CommitmentOperations.Submit))
        {
            return Forbid();
        }
        if (commitment.Version != version)
        {
            return await ShowProblemAsync(id, ChangedMeanwhile, ct);
        }

        db.Entry(commitment).Property(c => c.Version).OriginalValue = version;
        try
        {
            commitment.Submit(time.GetUtcNow().UtcDateTime);
        }
        catch (CommitmentNotSmartException notSmart)
        {
            SmartGaps = notSmart.Gaps;
            return await LoadPageAsync(id, ct) ? Page() : NotFound();
        }
        db.Audit(User, AuditActions.CommitmentSubmitted, nameof(Commitment), commitment.Id, commitment.OrganizationId,
            new HistoryDetails(commitment.Revision).ToJson());
        await notifications.SubmittedAsync(commitment, commitment.Organization!.Name, commitment.Organization.RegionId, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await ShowProblemAsync(id, ChangedMeanwhile, ct);
        }
        TempData["Message"] = commitment.ApprovedRevision == null
            ? Messages.Text("De toezegging is ingediend en ligt nu bij de landsdeeltrekker.")
            : Messages.Text("Revisie {0} is ingediend en ligt nu bij de landsdeeltrekker; tot die is goedgekeurd telt revisie {1}.", commitment.Revision, commitment.ApprovedRevision);
        return RedirectToPage("Details", new { id });
    }

    public Task<IActionResult> OnPostConfirmAsync(int id, Guid version, string? returnUrl, CancellationToken ct) =>
        AnswerAsync(id, version, confirm: true, returnUrl, ct);

    public Task<IActionResult> OnPostDeclineAsync(int id, Guid version, string? returnUrl, CancellationToken ct) =>
        AnswerAsync(id, version, confirm: false, returnUrl, ct);

    /// <summary>
    /// A named co-partner answers for its own organisation, on its own row only. It answers the
    /// commitment it saw: if the lead partner changed it in between (a share, the text), it is shown
    /// again instead. The history line carries the co-partner's own organisation, the one its scope covers.
    /// </summary>
    private async Task<IActionResult> AnswerAsync(int id, Guid version, bool confirm, string? returnUrl, CancellationToken ct)
    {
        var commitment = await LoadForChangeAsync(id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!await AllowsAsync(commitment, CommitmentOperations.AnswerAsCoPartner))
        {
            return Forbid();
        }
        if (commitment.Version != version)
        {
            return await ShowProblemAsync(id,
                Messages.Text("De penvoerder heeft de toezegging intussen gewijzigd. Bekijk haar hieronder opnieuw en beantwoord dan het verzoek."), ct);
        }
        var own = commitment.CoPartners.Single(p => p.OrganizationId == db.Scope.OrganizationId);
        own.Answer(confirm, time.GetUtcNow().UtcDateTime);
        db.Audit(User, confirm ? AuditActions.CoPartnerConfirmed : AuditActions.CoPartnerDeclined, nameof(Commitment),
            commitment.Id, own.OrganizationId, new HistoryDetails(commitment.Revision).ToJson());
        await db.SaveChangesAsync(ct);
        TempData["Message"] = confirm
            ? Messages.Text("U hebt bevestigd dat uw organisatie co-partner is van ‘{0}’.", commitment.Title)
            : Messages.Text("U hebt het verzoek om co-partner te zijn van ‘{0}’ afgewezen.", commitment.Title);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("Details", new { id });
    }

    private static string ChangedMeanwhile =>
        Messages.Text("Iemand anders heeft deze toezegging intussen gewijzigd. Bekijk de nieuwste versie hieronder en probeer het opnieuw.");

    private async Task<IActionResult> ShowProblemAsync(int id, string problem, CancellationToken ct)
    {
        Problem = problem;
        return await LoadPageAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>The commitment with what the lifecycle and the access rules need, tracked for a change.</summary>
    private Task<Commitment?> LoadForChangeAsync(int id, CancellationToken ct) =>
        db.Commitments.AsSplitQuery()
            .Include(c => c.Organization)
            .Include(c => c.ReportingCycle)
            .Include(c => c.Themes)
            .Include(c => c.CoPartners)
            .Include(c => c.Indicators)
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    private async Task<bool> AllowsAsync(Commitment c, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(User, CommitmentAccess.Of(c), operation)).Succeeded;

    /// <summary>
    /// Reads everything the page shows. Outside the user's scope the commitment simply does not exist
    /// (false: 404, not 403), so that ids of other organisations' commitments cannot be probed.
    /// </summary>
    private async Task<bool> LoadPageAsync(int id, CancellationToken ct)
    {
        var commitment = await db.Commitments.AsNoTracking().AsSplitQuery()
            .Include(c => c.Organization).ThenInclude(o => o!.Region)
            .Include(c => c.ReportingCycle)
            .Include(c => c.Themes)
            .Include(c => c.CoPartners).ThenInclude(p => p.Organization)
            .Include(c => c.Indicators)
            .Include(c => c.ProgressUpdates).ThenInclude(u => u.ReportingCycle)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return false;
        }
        Commitment = commitment;

        var access = CommitmentAccess.Of(commitment);
        CanEdit = await AllowsAsync(access, CommitmentOperations.Edit);
        CanSubmit = await AllowsAsync(access, CommitmentOperations.Submit);
        CanWithdraw = await AllowsAsync(access, CommitmentOperations.Withdraw);
        CanDelete = await AllowsAsync(access, CommitmentOperations.Delete);
        CanReview = await AllowsAsync(access, CommitmentOperations.Review);
        OwnCoPartnerRow = await AllowsAsync(access, CommitmentOperations.AnswerAsCoPartner)
            ? commitment.CoPartners.SingleOrDefault(p => p.OrganizationId == db.Scope.OrganizationId)
            : null;

        // The history and the reviews (with the reviewer's account name) in one statement, a UNION ALL.
        // The history of a commitment the user may see is read in full: the lines of its co-partners'
        // answers carry the co-partner's organisation, which the lead partner's (or lead's) own scope
        // would filter out. Bounded to this one commitment's lines, read-only. Its reviews are read in the
        // same widened scope: they are visible exactly when the commitment is, and it was just read
        // through the user's own scope, so they are the same rows the user's scope gives.
        var key = id.ToString(CultureInfo.InvariantCulture);
        List<HistoryRow> rows;
        using (scope.Widen(DataScope.NationalReadOnly($"history of commitment {id}, which {db.Scope.Description} may see")))
        {
            var auditRows = db.AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == nameof(Commitment) && a.EntityId == key)
                .Select(a => new HistoryRow
                {
                    IsReview = false, Key = a.Id, At = a.OccurredAt, UserName = a.UserName, Action = a.Action,
                    Details = a.Details, OrganizationId = a.OrganizationId, Decision = null, Revision = 0, Comment = null,
                });
            var reviewRows =
                from r in db.Reviews.AsNoTracking()
                where r.CommitmentId == id && r.ProgressUpdateId == null
                join u in db.Users on r.ReviewerUserId equals u.Id into reviewers
                from u in reviewers.DefaultIfEmpty()
                select new HistoryRow
                {
                    IsReview = true, Key = r.Id, At = r.DecidedAt, UserName = u == null ? null : u.UserName, Action = null,
                    Details = null, OrganizationId = null, Decision = r.Decision, Revision = r.Revision, Comment = r.Comment,
                };
            // The reviews first: a column's type comes from the first operand, and an empty (NULL) decision
            // there would be read as a number where PostgreSQL sends the stored text.
            rows = await reviewRows.Concat(auditRows).ToListAsync(ct);
        }
        var audit = rows.Where(r => !r.IsReview).OrderBy(r => r.At).ThenBy(r => r.Key).ToList();
        var reviews = rows.Where(r => r.IsReview).OrderBy(r => r.At).ThenBy(r => r.Key)
            .Select(r => new ReviewLine(r.Decision!.Value, r.Revision, r.Comment, r.At, r.UserName))
            .ToList();
        History = HistoryOf(audit, reviews, commitment.CoPartners);

        ReturnComment = commitment.Status == CommitmentStatus.Returned
            ? commitment.ReturnComment ?? reviews.LastOrDefault(r => r.Decision == ReviewDecision.Returned)?.Comment
            : null;

        if (commitment.IsRevisionInProgress)
        {
            ApprovedContent = CommitmentContent.FromJson(commitment.ApprovedContent);
            var names = commitment.CoPartners.ToDictionary(p => p.OrganizationId, p => p.Organization!.Name);
            var missing = ApprovedContent?.CoPartners.Select(p => p.OrganizationId).Where(o => !names.ContainsKey(o)).ToList() ?? [];
            if (missing.Count > 0)
            {
                foreach (var o in await db.Organizations.AsNoTracking().Where(o => missing.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                {
                    names[o.Id] = o.Name;
                }
            }
            OrganizationNames = names;
        }
        return true;
    }

    private async Task<bool> AllowsAsync(CommitmentAccess access, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(User, access, operation)).Succeeded;

    /// <summary>Where the edit form has the field that fills a gap (the error summary links there).</summary>
    public static string EditAnchor(SmartGap gap) => gap switch
    {
        SmartGap.Title => "Form_Title",
        SmartGap.Theme => "Form_ThemeIds",
        SmartGap.EndDate => "Form_EndDate",
        SmartGap.Resources => "Form_Budget",
        SmartGap.Indicator or SmartGap.IndicatorTarget or SmartGap.IndicatorTargetDate => "Form_Indicators",
        SmartGap.Shares => "Form_LeadSharePercent",
        _ => "",
    };

    /// <summary>A history line or a review, so that both come in one statement.</summary>
    private sealed class HistoryRow
    {
        public bool IsReview { get; init; }
        public long Key { get; init; }
        public DateTime At { get; init; }
        public string? UserName { get; init; }
        public string? Action { get; init; }
        public string? Details { get; init; }
        public int? OrganizationId { get; init; }
        public ReviewDecision? Decision { get; init; }
        public int Revision { get; init; }
        public string? Comment { get; init; }
    }

    private sealed record ReviewLine(ReviewDecision Decision, int Revision, string? Comment, DateTime DecidedAt, string? Reviewer);

    /// <summary>
    /// The history lines, oldest first. A decision is recorded twice, as a review and as a history line;
    /// it is shown once: each approve or return line takes the matching review (same decision and
    /// revision, in order) and its comment. Reviews without a line (older data) are shown from the review.
    /// </summary>
    private static List<HistoryItem> HistoryOf(List<HistoryRow> audit, List<ReviewLine> reviews, List<CommitmentCoPartner> coPartners)
    {
        var unmatched = reviews.ToList();
        var items = new List<HistoryItem>();
        foreach (var a in audit)
        {
            var details = HistoryDetails.Parse(a.Details);
            var comment = details?.Comment;
            if (a.Action is AuditActions.CommitmentApproved or AuditActions.CommitmentReturned)
            {
                var decision = a.Action == AuditActions.CommitmentApproved ? ReviewDecision.Approved : ReviewDecision.Returned;
                var review = unmatched.FirstOrDefault(r => r.Decision == decision && (details?.Revision == null || r.Revision == details.Revision));
                if (review != null)
                {
                    unmatched.Remove(review);
                    comment ??= review.Comment;
                }
            }
            var organization = a.Action is AuditActions.CoPartnerConfirmed or AuditActions.CoPartnerDeclined
                ? coPartners.FirstOrDefault(p => p.OrganizationId == a.OrganizationId)?.Organization?.Name
                : null;
            items.Add(new HistoryItem(a.At, a.UserName, a.Action!, organization, details?.Revision,
                details?.Changes ?? [], comment, details?.Reason));
        }
        items.AddRange(unmatched.Select(r => new HistoryItem(r.DecidedAt, r.Reviewer,
            r.Decision == ReviewDecision.Approved ? AuditActions.CommitmentApproved : AuditActions.CommitmentReturned,
            null, r.Revision, [], r.Comment, null)));
        return items.OrderBy(i => i.At).ToList(); // stable: lines of one moment keep their order
    }
}
