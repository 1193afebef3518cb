using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>The lead partner changes a draft or returned commitment.</summary>
[Authorize(Policy = Policies.Partner)]
public class EditModel(CommitmentsDbContext db) : PageModel
{
    [BindProperty]
    public CommitmentForm Form { get; set; } = new();

    public CommitmentFormOptions Options { get; private set; } = null!;
    public int Id { get; private set; }

    private int OwnOrganizationId => db.Scope.OrganizationId ?? throw new InvalidOperationException("A partner without organisation.");

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (commitment, refusal) = await LoadEditableAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        Id = id;
        Form = CommitmentForm.From(commitment!);
        Options = await CommitmentFormOptions.LoadAsync(db, OwnOrganizationId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var (commitment, refusal) = await LoadEditableAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        Id = id;
        var budget = Form.Validate(ModelState, nameof(Form), OwnOrganizationId);
        if (!ModelState.IsValid)
        {
            Options = await CommitmentFormOptions.LoadAsync(db, OwnOrganizationId, ct);
            return Page();
        }

        // Compare against the version the form was loaded from, not the one just read.
        db.Entry(commitment!).Property(c => c.Version).OriginalValue = Form.Version;
        await Form.ApplyToAsync(commitment!, budget, db, ct);
        db.Audit(User, "Gewijzigd", nameof(Commitment), commitment!.Id, commitment.OrganizationId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty,
                "Iemand anders heeft deze toezegging intussen gewijzigd. Uw invoer staat hieronder; open de toezegging opnieuw om de nieuwste versie te zien. " +
                "(Someone else changed this commitment in the meantime. Your input is kept below; reopen the commitment to see the latest version.)");
            Options = await CommitmentFormOptions.LoadAsync(db, OwnOrganizationId, ct);
            return Page();
        }
        TempData["Message"] = "De wijzigingen zijn opgeslagen. (Your changes were saved.)";
        return RedirectToPage("Details", new { id });
    }

    /// <summary>
    /// Not visible: 404. Visible but not ours (we are co-partner) or no longer editable: 403.
    /// The data layer would refuse the save anyway; this gives the user a proper answer.
    /// </summary>
    private async Task<(Commitment?, IActionResult?)> LoadEditableAsync(int id, CancellationToken ct)
    {
        var commitment = await db.Commitments
            .Include(c => c.Themes)
            .Include(c => c.CoPartners)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return (null, NotFound());
        }
        if (!db.Scope.IsOrganization(commitment.OrganizationId) || !commitment.IsOpenForChanges)
        {
            return (null, Forbid());
        }
        return (commitment, null);
    }
}
