using System.ComponentModel.DataAnnotations;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The lead partner withdraws a submitted or approved commitment (or one whose new revision is in the
/// works), with a reason. It stays on record, with the reason, in its history.
/// </summary>
[Authorize(Policy = Policies.Partner)]
public class WithdrawModel(CommitmentsDbContext db, IAuthorizationService authorization, TimeProvider time) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;

    /// <summary>Required (only blanks is no reason); stored exactly as typed, spaces and line breaks included.</summary>
    [BindProperty]
    [Required(ErrorMessage = "Geef de reden van het intrekken op.")]
    [StringLength(Commitment.ReasonMaxLength, ErrorMessage = "De reden mag hoogstens {1} tekens lang zijn.")]
    public string? Reason { get; set; }

    /// <summary>The version the page was loaded from: what the partner saw is what it withdraws.</summary>
    [BindProperty]
    public Guid Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        Version = Commitment.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        if (Version != Commitment.Version)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("Iemand anders heeft deze toezegging intussen gewijzigd. Bekijk haar opnieuw voordat u haar intrekt."));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Entry(Commitment).Property(c => c.Version).OriginalValue = Version;
        Commitment.Withdraw(Reason!, time.GetUtcNow().UtcDateTime);
        db.Audit(User, AuditActions.CommitmentWithdrawn, nameof(Commitment), Commitment.Id, Commitment.OrganizationId,
            new HistoryDetails(Commitment.Revision, Reason: Reason).ToJson());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("Iemand anders heeft deze toezegging intussen gewijzigd. Bekijk haar opnieuw voordat u haar intrekt."));
            return Page();
        }
        TempData["Message"] = Messages.Text("De toezegging ‘{0}’ is ingetrokken.", Commitment.Title);
        return RedirectToPage("Details", new { id });
    }

    /// <summary>Not visible: 404. Visible, but not the lead partner's to withdraw (or not in a state that can be): 403.</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var commitment = await db.Commitments
            .Include(c => c.Organization)
            .Include(c => c.ReportingCycle)
            .Include(c => c.CoPartners)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, CommitmentAccess.Of(commitment), CommitmentOperations.Withdraw)).Succeeded)
        {
            return Forbid();
        }
        Commitment = commitment;
        return null;
    }
}
