using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Progress;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Progress;

/// <summary>
/// The regional lead judges one submitted progress update: the values against baseline and target,
/// the status, the narrative and the evidence, read-only; then approves it, or returns it with a
/// comment that says what to correct. The partner is told by e-mail in its own language.
/// </summary>
/// <remarks>
/// Only a regional lead of the lead partner's region, or an administrator, decides
/// (<see cref="ProgressReporting.MayReview"/>); the data scope already hides updates of other regions
/// (404), and the data layer refuses a review written by anyone else. A decision on an update that
/// changed since the page was opened (its <see cref="ProgressUpdate.Version"/>) is refused: the lead
/// decides on what it has read.
/// </remarks>
[Authorize(Policy = Policies.Reviews)]
public class ReviewModel(
    CommitmentsDbContext db,
    ProgressNotifications notifications,
    TimeProvider time) : PageModel
{
    [BindProperty]
    public DecisionForm Form { get; set; } = new();

    public ProgressUpdate Update { get; private set; } = null!;
    public Commitment Commitment => Update.Commitment!;
    public IReadOnlyList<ReportableIndicator> Indicators { get; private set; } = [];
    public IReadOnlyList<Review> Decisions { get; private set; } = [];

    /// <summary>The signed-in user may decide now: submitted, in the user's region, cycle not frozen.</summary>
    public bool CanReview { get; private set; }

    public sealed class DecisionForm
    {
        public Guid Version { get; set; }

        /// <summary>Required to return; optional with an approval.</summary>
        public string? Comment { get; set; }
    }

    /// <summary>An unknown handler (<c>?handler=x</c>) would render the page without loading it: answer 404 instead.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod == null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }

    public async Task<IActionResult> OnGetAsync(int progressUpdateId, CancellationToken ct)
    {
        if (!await LoadAsync(progressUpdateId, tracked: false, ct))
        {
            return NotFound();
        }
        Form.Version = Update.Version;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(int progressUpdateId, CancellationToken ct) => DecideAsync(progressUpdateId, ReviewDecision.Approved, ct);

    public Task<IActionResult> OnPostReturnAsync(int progressUpdateId, CancellationToken ct) => DecideAsync(progressUpdateId, ReviewDecision.Returned, ct);

    private const string CommentKey = $"{nameof(Form)}.{nameof(DecisionForm.Comment)}";

    private async Task<IActionResult> DecideAsync(int progressUpdateId, ReviewDecision decision, CancellationToken ct)
    {
        // An unreadable version (a forged or damaged form) is a version that does not match: refused below.
        ModelState.Remove($"{nameof(Form)}.{nameof(DecisionForm.Version)}");
        if (!await LoadAsync(progressUpdateId, tracked: true, ct))
        {
            return NotFound();
        }
        var stale = Update.Version != Form.Version;
        if (!CanReview)
        {
            // Decided (or reopened) since the page was opened: say so. Anything else is not this user's to decide.
            return stale && ProgressReporting.MayReview(db.Scope, Commitment.Organization!.RegionId)
                ? await ConflictAsync(progressUpdateId, ct)
                : Forbid();
        }
        if (stale)
        {
            return await ConflictAsync(progressUpdateId, ct);
        }

        var comment = string.IsNullOrWhiteSpace(Form.Comment) ? null : Form.Comment;
        if (decision == ReviewDecision.Returned && comment == null)
        {
            ModelState.AddModelError(CommentKey,
                "Schrijf bij het terugsturen wat de partner moet aanpassen. (Write what the partner should correct when you return an update.)");
        }
        if (comment?.Length > Core.Domain.Commitment.ReasonMaxLength)
        {
            ModelState.AddModelError(CommentKey,
                $"De opmerking is {comment.Length.ToString("N0", DutchLabels.Culture)} tekens lang; er passen er ten hoogste {Core.Domain.Commitment.ReasonMaxLength.ToString("N0", DutchLabels.Culture)} in. Maak haar korter. " +
                $"(The comment is {comment.Length:N0} characters long; at most {Core.Domain.Commitment.ReasonMaxLength:N0} fit. Please shorten it.)");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reviewer = User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A signed-in reviewer without a user id.");
        db.Entry(Update).Property(u => u.Version).OriginalValue = Form.Version;
        var review = decision == ReviewDecision.Approved
            ? Update.Approve(reviewer, Commitment.Revision, now)
            : Update.Return(reviewer, comment!, Commitment.Revision, now);
        review.Comment = comment;
        db.Reviews.Add(review);
        var year = Update.ReportingCycle!.Year;
        db.Audit(User, decision == ReviewDecision.Approved ? AuditActions.ProgressApproved : AuditActions.ProgressReturned,
            nameof(Core.Domain.Commitment), Commitment.Id, Commitment.OrganizationId,
            new HistoryDetails(Revision: Commitment.Revision, Comment: comment).ToJson());
        await notifications.DecidedAsync(Commitment, year, decision, comment, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(progressUpdateId, ct);
        }

        TempData["Message"] = decision == ReviewDecision.Approved
            ? "De voortgangsrapportage is goedgekeurd; de partner krijgt bericht. (The progress update was approved; the partner has been notified.)"
            : "De voortgangsrapportage is teruggestuurd naar de partner, met uw opmerking. (The progress update was returned to the partner with your comment.)";
        return RedirectToPage(new { progressUpdateId });
    }

    /// <summary>The update changed (or was decided on) meanwhile: show the current state, keep the comment typed.</summary>
    private async Task<IActionResult> ConflictAsync(int progressUpdateId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(progressUpdateId, tracked: false, ct))
        {
            return NotFound();
        }
        ModelState.AddModelError(string.Empty,
            "Deze rapportage is gewijzigd of beoordeeld nadat u haar opende; uw besluit is niet opgeslagen. Hieronder staat de huidige stand: bekijk haar en beslis opnieuw. " +
            "(This update was changed or decided on after you opened it; your decision was not saved. The current state is shown below: review it and decide again.)");
        Form.Version = Update.Version;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>
    /// The update with its commitment, cycle, values and evidence (null through the tenant filter when
    /// not visible), and the decisions taken on it so far. A fixed number of queries.
    /// </summary>
    private async Task<bool> LoadAsync(int progressUpdateId, bool tracked, CancellationToken ct)
    {
        var query = db.ProgressUpdates.AsSplitQuery()
            .Include(u => u.Commitment).ThenInclude(c => c!.Organization).ThenInclude(o => o!.Region)
            .Include(u => u.Commitment).ThenInclude(c => c!.Indicators)
            .Include(u => u.ReportingCycle)
            .Include(u => u.Values)
            .Include(u => u.Evidence);
        var update = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(u => u.Id == progressUpdateId, ct);
        if (update == null)
        {
            return false;
        }
        Update = update;
        Indicators = ProgressReporting.IndicatorsOf(update.Commitment!);
        Decisions = await db.Reviews.AsNoTracking()
            .Where(r => r.ProgressUpdateId == progressUpdateId)
            .OrderBy(r => r.DecidedAt).ThenBy(r => r.Id)
            .ToListAsync(ct);
        CanReview = update.CanBeReviewed
                    && update.ReportingCycle!.FrozenAt == null
                    && ProgressReporting.MayReview(db.Scope, update.Commitment!.Organization!.RegionId);
        return true;
    }
}
