using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

public class DetailsModel(CommitmentsDbContext db) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// <summary>Only the lead partner edits; co-partners, leads and ministries read.</summary>
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        // Outside the user's scope the commitment simply does not exist: 404, not 403, so that ids
        // of other organisations' commitments cannot be probed.
        var commitment = await db.Commitments.AsNoTracking().AsSplitQuery()
            .Include(c => c.Organization).ThenInclude(o => o!.Region)
            .Include(c => c.ReportingCycle)
            .Include(c => c.Themes)
            .Include(c => c.CoPartners).ThenInclude(p => p.Organization)
            .Include(c => c.Indicators)
            .Include(c => c.ProgressUpdates).ThenInclude(u => u.ReportingCycle)
            .Include(c => c.Reviews)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        Commitment = commitment;
        CanEdit = db.Scope.IsOrganization(commitment.OrganizationId) && commitment.IsOpenForChanges;
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        History = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Commitment) && a.EntityId == key)
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
        return Page();
    }
}
