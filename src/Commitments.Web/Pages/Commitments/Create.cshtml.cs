using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>A partner registers a new commitment of its own organisation, as a draft.</summary>
[Authorize(Policy = Policies.Partner)]
public class CreateModel(CommitmentsDbContext db) : PageModel
{
    [BindProperty]
    public CommitmentForm Form { get; set; } = new();

    public CommitmentFormOptions Options { get; private set; } = null!;

    private int OwnOrganizationId => db.Scope.OrganizationId ?? throw new InvalidOperationException("A partner without organisation.");

    public async Task OnGetAsync(CancellationToken ct) => Options = await CommitmentFormOptions.LoadAsync(db, OwnOrganizationId, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var budget = Form.Validate(ModelState, nameof(Form), OwnOrganizationId);
        var cycle = await CurrentCycleAsync(ct);
        if (cycle == null)
        {
            ModelState.AddModelError(string.Empty,
                "Er is nog geen rapportagejaar geopend; neem contact op met het secretariaat. (No reporting cycle is open yet; contact the secretariat.)");
        }
        if (!ModelState.IsValid)
        {
            Options = await CommitmentFormOptions.LoadAsync(db, OwnOrganizationId, ct);
            return Page();
        }

        var commitment = new Commitment
        {
            Title = Form.Title,
            OrganizationId = OwnOrganizationId,
            ReportingCycleId = cycle!.Id,
            Status = CommitmentStatus.Draft,
        };
        await Form.ApplyToAsync(commitment, budget, db, ct);
        await db.InTransactionAsync(async token =>
        {
            db.Commitments.Add(commitment);
            await db.SaveChangesAsync(token);
            db.Audit(User, "Aangemaakt als concept", nameof(Commitment), commitment.Id, commitment.OrganizationId);
            await db.SaveChangesAsync(token);
            return commitment.Id;
        }, ct);
        TempData["Message"] = "De toezegging is opgeslagen als concept. (The commitment was saved as a draft.)";
        return RedirectToPage("Details", new { id = commitment.Id });
    }

    /// <summary>New commitments are announced in the earliest cycle that is not frozen yet.</summary>
    private Task<ReportingCycle?> CurrentCycleAsync(CancellationToken ct) =>
        db.ReportingCycles.Where(c => c.FrozenAt == null).OrderBy(c => c.Year).FirstOrDefaultAsync(ct);
}
