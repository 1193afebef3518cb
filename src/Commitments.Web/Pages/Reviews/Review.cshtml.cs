using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reviews;

/// <summary>
/// The regional lead judges one submitted commitment: everything needed to judge it, read-only (the
/// lead cannot change the partner's text), what changed since the approved revision, and two
/// decisions: approve, or return with a comment that says what to change.
/// </summary>
/// <remarks>
/// Who may decide comes from <see cref="CommitmentOperations.Review"/>; the data scope already hides
/// commitments of other regions (404). A decision is refused when the commitment changed since the
/// page was opened (its <see cref="Commitment.Version"/>): the lead decides on what it has read.
/// </remarks>
[Authorize(Policy = Policies.Reviews)]
public class ReviewModel(
    CommitmentsDbContext db,
    IAuthorizationService authorization,
    LifecycleNotifications notifications,
    TimeProvider time) : PageModel
{
    [BindProperty]
    public DecisionForm Form { get; set; } = new();

    public Commitment Commitment { get; private set; } = null!;

    /// <summary>The signed-in user may decide now (submitted, in the user's region, cycle not frozen).</summary>
    public bool CanReview { get; private set; }

    /// <summary>For a revision of an approved commitment: the approved revision's content, and the changes since.</summary>
    public CommitmentContent? ApprovedContent { get; private set; }
    public IReadOnlyList<FieldChange> Changes { get; private set; } = [];

    /// <summary>Calendar days in Amsterdam since the submission.</summary>
    public int? AgeInDays { get; private set; }

    public sealed class DecisionForm
    {
        /// <summary>The version the lead has read; a decision on a newer version is refused.</summary>
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

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var commitment = await LoadAsync(id, tracked: false, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        await ShowAsync(commitment, ct);
        Form.Version = commitment.Version;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct) => DecideAsync(id, ReviewDecision.Approved, ct);

    public Task<IActionResult> OnPostReturnAsync(int id, CancellationToken ct) => DecideAsync(id, ReviewDecision.Returned, ct);

    private async Task<IActionResult> DecideAsync(int id, ReviewDecision decision, CancellationToken ct)
    {
        // An unreadable version (a forged or damaged form) is a version that does not match: refused below.
        ModelState.Remove($"{nameof(Form)}.{nameof(DecisionForm.Version)}");
        var commitment = await LoadAsync(id, tracked: true, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        var stale = commitment.Version != Form.Version;
        if (!(await authorization.AuthorizeAsync(User, CommitmentAccess.Of(commitment), CommitmentOperations.Review)).Succeeded)
        {
            // Decided by someone else since the page was opened: say so. Anything else is not this user's to decide.
            return stale ? await ConflictAsync(id, ct) : Forbid();
        }
        if (stale)
        {
            return await ConflictAsync(id, ct);
        }

        var comment = string.IsNullOrWhiteSpace(Form.Comment) ? null : Form.Comment;
        if (decision == ReviewDecision.Returned && comment == null)
        {
            ModelState.AddModelError(CommentKey,
                Messages.Text("Schrijf bij het terugsturen wat de partner moet aanpassen."));
        }
        if (comment?.Length > Commitment.ReasonMaxLength)
        {
            ModelState.AddModelError(CommentKey,
                Messages.Text("De toelichting is {0:N0} tekens lang; er passen er ten hoogste {1:N0} in. Maak haar korter.", comment.Length, Commitment.ReasonMaxLength));
        }
        if (!ModelState.IsValid)
        {
            await ShowAsync(commitment, ct);
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reviewer = User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A signed-in reviewer without a user id.");
        // Decide on the version the lead has read, not the one just loaded.
        db.Entry(commitment).Property(c => c.Version).OriginalValue = Form.Version;
        var review = decision == ReviewDecision.Approved
            ? commitment.Approve(reviewer, now)
            : commitment.Return(reviewer, comment!, now);
        review.Comment = comment;
        db.Audit(User, decision == ReviewDecision.Approved ? AuditActions.CommitmentApproved : AuditActions.CommitmentReturned,
            nameof(Commitment), commitment.Id, commitment.OrganizationId,
            new HistoryDetails(Revision: review.Revision, Comment: comment).ToJson());
        await notifications.DecidedAsync(commitment, decision, comment, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id, ct);
        }

        TempData["Message"] = decision == ReviewDecision.Approved
            ? Messages.Text("‘{0}’ is goedgekeurd; de partner krijgt bericht.", commitment.Title)
            : Messages.Text("‘{0}’ is teruggestuurd naar de partner, met uw toelichting.", commitment.Title);
        return RedirectToPage("Index");
    }

    private const string CommentKey = $"{nameof(Form)}.{nameof(DecisionForm.Comment)}";

    /// <summary>The commitment changed (or was decided on) meanwhile: show the current version, keep the comment typed.</summary>
    private async Task<IActionResult> ConflictAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await LoadAsync(id, tracked: false, ct);
        if (current == null)
        {
            return NotFound();
        }
        ModelState.AddModelError(string.Empty,
            Messages.Text("Deze toezegging is gewijzigd of beoordeeld nadat u haar opende; uw besluit is niet opgeslagen. Hieronder staat de huidige versie: bekijk haar en beslis opnieuw."));
        await ShowAsync(current, ct);
        Form.Version = current.Version;
        return Page();
    }

    /// <summary>
    /// Not visible in the user's scope (another region, or gone): null, which the page answers with 404.
    /// A fixed number of queries: one per collection, plus one for a revision's former co-partners.
    /// </summary>
    private Task<Commitment?> LoadAsync(int id, bool tracked, CancellationToken ct)
    {
        var query = db.Commitments.AsSplitQuery()
            .Include(c => c.Organization).ThenInclude(o => o!.Region)
            .Include(c => c.ReportingCycle)
            .Include(c => c.Themes)
            .Include(c => c.CoPartners).ThenInclude(p => p.Organization)
            .Include(c => c.Indicators)
            .Include(c => c.Reviews);
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    private async Task ShowAsync(Commitment commitment, CancellationToken ct)
    {
        Commitment = commitment;
        CanReview = (await authorization.AuthorizeAsync(User, CommitmentAccess.Of(commitment), CommitmentOperations.Review)).Succeeded;
        AgeInDays = commitment.SubmittedAt is { } at
            ? DateOnly.FromDateTime(AmsterdamTime.Now(time)).DayNumber - DateOnly.FromDateTime(AmsterdamTime.ToAmsterdam(at)).DayNumber
            : null;

        if (commitment.ApprovedRevision is { } approved && approved < commitment.Revision
            && CommitmentContent.FromJson(commitment.ApprovedContent) is { } before)
        {
            ApprovedContent = before;
            // Co-partners of the approved revision may no longer be on the commitment: look their names up.
            var formerIds = before.CoPartners.Select(p => p.OrganizationId).ToList();
            var names = await db.Organizations.AsNoTracking()
                .Where(o => formerIds.Contains(o.Id))
                .Select(o => new { o.Id, o.Name })
                .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            foreach (var partner in commitment.CoPartners)
            {
                names[partner.OrganizationId] = partner.Organization!.Name;
            }
            Changes = CommitmentChanges.Between(before, CommitmentContent.Of(commitment),
                organizationId => names.GetValueOrDefault(organizationId, $"#{organizationId}"));
        }
    }
}
