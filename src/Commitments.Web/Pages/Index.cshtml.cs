using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages;

/// <summary>The start page: what the signed-in user's scope holds, by status.</summary>
public class IndexModel(CommitmentsDbContext db, PageLabels labels) : PageModel
{
    public string ScopeDescription { get; private set; } = "";
    public IReadOnlyList<(CommitmentStatus Status, int Count)> ByStatus { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ScopeDescription = db.Scope.Kind switch
        {
            Core.Tenancy.DataScopeKind.Organization => (await db.Organizations.AsNoTracking()
                .Where(o => o.Id == db.Scope.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct)) ?? "",
            Core.Tenancy.DataScopeKind.Region => labels.Region(await db.Regions.AsNoTracking()
                .Where(r => r.Id == db.Scope.RegionId).Select(r => r.Name).FirstOrDefaultAsync(ct)),
            Core.Tenancy.DataScopeKind.NationalReadOnly or Core.Tenancy.DataScopeKind.Everything => labels.AllRegions,
            _ => "",
        };
        ByStatus = (await db.Commitments.AsNoTracking()
                .GroupBy(c => c.Status)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(ct))
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count)).ToList();
    }
}
