using System.Security.Claims;
using Commitments.Core.Persistence;
using Commitments.Web.FrozenReports;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Cycles;

/// <summary>
/// Freezing a reporting year (normally at the annual conference): the administrator confirms, the
/// national report and one per landsdeel are built and stored, and the year takes no more changes.
/// A second freeze is refused with the reason (409).
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class FreezeModel(CommitmentsDbContext db, CycleFreezer freezer) : PageModel
{
    public sealed record CycleView(int Id, int Year, DateOnly FreezesOn, DateTime? FrozenAt);

    public CycleView Cycle { get; private set; } = null!;

    /// <summary>Why the freeze did not happen, Dutch and English.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        try
        {
            var frozen = await freezer.FreezeAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier), User.Identity?.Name, ct);
            return RedirectToPage("/Reports/Frozen", null, null, $"jaar-{frozen.Year}");
        }
        catch (CycleAlreadyFrozenException refused)
        {
            await LoadAsync(id, ct);
            Refusal = refused.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new CycleView(c.Id, c.Year, c.FreezesOn, c.FrozenAt))
            .SingleOrDefaultAsync(ct);
        if (cycle == null)
        {
            return false;
        }
        Cycle = cycle;
        return true;
    }
}
