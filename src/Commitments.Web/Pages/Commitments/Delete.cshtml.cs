using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>Only a draft can be deleted, by its own organisation; anything submitted stays on record.</summary>
[Authorize(Policy = Policies.Partner)]
public class DeleteModel(CommitmentsDbContext db) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        return refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal != null)
        {
            return refusal;
        }
        db.Commitments.Remove(Commitment);
        db.Audit(User, "Concept verwijderd", nameof(Commitment), Commitment.Id, Commitment.OrganizationId, Commitment.Title);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"Het concept ‘{Commitment.Title}’ is verwijderd. (The draft was deleted.)";
        return RedirectToPage("Index");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var commitment = await db.Commitments.Include(c => c.CoPartners).Include(c => c.Indicators)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!db.Scope.IsOrganization(commitment.OrganizationId) || commitment.Status != CommitmentStatus.Draft)
        {
            return Forbid();
        }
        Commitment = commitment;
        return null;
    }
}
