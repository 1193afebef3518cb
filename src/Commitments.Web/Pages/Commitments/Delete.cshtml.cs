using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>Only a draft that was never approved can be deleted, by its lead partner; anything else stays on record.</summary>
[Authorize(Policy = Policies.Partner)]
public class DeleteModel(CommitmentsDbContext db, IAuthorizationService authorization) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;

    /// <summary>
    /// The version the confirmation page showed. A browser always sends it: a draft someone changed in
    /// between is not deleted unseen. A post without it deletes what the user may delete anyway.
    /// </summary>
    [BindProperty]
    public Guid? Version { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        Version = refusal == null ? Commitment.Version : null;
        return refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        if (Version is { } seen)
        {
            if (seen != Commitment.Version)
            {
                return Changed();
            }
            db.Entry(Commitment).Property(c => c.Version).OriginalValue = seen;
        }
        db.Commitments.Remove(Commitment);
        db.Audit(User, AuditActions.CommitmentDeleted, nameof(Commitment), Commitment.Id, Commitment.OrganizationId,
            new HistoryDetails(Commitment.Revision, [new FieldChange(CommitmentChanges.Title, Commitment.Title, null)]).ToJson());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }
        TempData["Message"] = Messages.Text("Het concept ‘{0}’ is verwijderd.", Commitment.Title);
        return RedirectToPage("Index");
    }

    private PageResult Changed()
    {
        Problem = Messages.Text("Iemand anders heeft dit concept intussen gewijzigd. Bekijk het opnieuw voordat u het verwijdert.");
        Version = null;
        return Page();
    }

    /// <summary>Not visible: 404. Visible, but not ours to delete (a co-partner, or no longer a draft): 403.</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var commitment = await db.Commitments
            .Include(c => c.Organization)
            .Include(c => c.ReportingCycle)
            .Include(c => c.CoPartners)
            .Include(c => c.Indicators)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, CommitmentAccess.Of(commitment), CommitmentOperations.Delete)).Succeeded)
        {
            return Forbid();
        }
        Commitment = commitment;
        return null;
    }
}
