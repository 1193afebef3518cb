using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Regions;

/// <summary>
/// The region overview: per organisation of the region, how many commitments it leads in each state,
/// and which organisations have registered nothing in the open reporting cycle. A regional lead sees
/// its own region; ministries and administrators choose one (<c>?regio=noord</c>).
/// </summary>
/// <remarks>
/// Counting happens in the database (GROUP BY) over one page of organisations, in a fixed number of
/// queries whatever the size of the region. Organisations are not tenant data (the DbContext does not
/// filter them), so the region is applied here explicitly, from the user's scope; the commitments
/// counted are filtered by the scope as everywhere.
/// </remarks>
[Authorize(Policy = Policies.ReadsReports)]
public class OverviewModel(CommitmentsDbContext db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The region to show, by code; only ministries and administrators choose, a lead always sees its own.</summary>
    [BindProperty(SupportsGet = true, Name = "regio")]
    public string? RegionCode { get; set; }

    /// <summary>Only organisations that have registered nothing in the open cycle.</summary>
    [BindProperty(SupportsGet = true, Name = "zonder")]
    public bool OnlyWithout { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public sealed record RegionOption(int Id, string Code, string Name);

    public sealed record Row(int Id, string Name, OrganizationType Type, bool IsActive, IReadOnlyDictionary<CommitmentStatus, int> Counts, bool RegisteredInCycle);

    public bool CanChooseRegion { get; private set; }
    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];
    public RegionOption Region { get; private set; } = null!;

    /// <summary>The open cycle: the latest year not frozen. Null when every cycle is frozen (or none exists).</summary>
    public int? CycleYear { get; private set; }

    public int OrganizationCount { get; private set; }

    /// <summary>Active organisations of the region without any commitment in the open cycle.</summary>
    public int WithoutCount { get; private set; }

    public IReadOnlyDictionary<CommitmentStatus, int> Totals { get; private set; } = new Dictionary<CommitmentStatus, int>();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int ListedCount => OnlyWithout && CycleYear != null ? WithoutCount : OrganizationCount;
    public int PageCount => Math.Max(1, (ListedCount + PageSize - 1) / PageSize);

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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Regions = await db.Regions.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new RegionOption(r.Id, r.Code, r.Name)).ToListAsync(ct);
        var scope = db.Scope;
        CanChooseRegion = scope.SeesEverything;
        RegionOption? region = scope.Kind switch
        {
            DataScopeKind.Region => Regions.FirstOrDefault(r => r.Id == scope.RegionId),
            _ when scope.SeesEverything && string.IsNullOrWhiteSpace(RegionCode) => Regions.FirstOrDefault(),
            _ when scope.SeesEverything => Regions.FirstOrDefault(r => string.Equals(r.Code, RegionCode!.Trim(), StringComparison.OrdinalIgnoreCase)),
            _ => null,
        };
        if (region == null)
        {
            return NotFound();
        }
        Region = region;

        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.FrozenAt == null)
            .OrderByDescending(c => c.Year)
            .Select(c => new { c.Id, c.Year })
            .FirstOrDefaultAsync(ct);
        CycleYear = cycle?.Year;
        var cycleId = cycle?.Id ?? -1;

        var organizations = db.Organizations.AsNoTracking().Where(o => o.RegionId == region.Id);
        // "Not in the set of organisations that registered" rather than a NOT EXISTS per organisation:
        // SQLite runs the set once, where the correlated form took 6 s for a region of 554 organisations.
        var registered = db.Commitments
            .Where(c => c.ReportingCycleId == cycleId && c.Organization!.RegionId == region.Id)
            .Select(c => c.OrganizationId);
        var without = organizations.Where(o => o.DeactivatedAt == null && !registered.Contains(o.Id));
        OrganizationCount = await organizations.CountAsync(ct);
        WithoutCount = cycle == null ? 0 : await without.CountAsync(ct);
        Totals = await db.Commitments.AsNoTracking()
            .Where(c => c.Organization!.RegionId == region.Id)
            .GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await (OnlyWithout && cycle != null ? without : organizations)
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(o => new { o.Id, o.Name, o.Type, o.DeactivatedAt })
            .ToListAsync(ct);
        var ids = page.Select(o => o.Id).ToList();
        var counts = await db.Commitments.AsNoTracking()
            .Where(c => ids.Contains(c.OrganizationId))
            .GroupBy(c => new { c.OrganizationId, c.Status })
            .Select(g => new { g.Key.OrganizationId, g.Key.Status, Count = g.Count(), InCycle = g.Count(c => c.ReportingCycleId == cycleId) })
            .ToListAsync(ct);
        var byOrganization = counts.ToLookup(c => c.OrganizationId);
        Rows = page.Select(o => new Row(o.Id, o.Name, o.Type, o.DeactivatedAt == null,
                byOrganization[o.Id].ToDictionary(c => c.Status, c => c.Count),
                byOrganization[o.Id].Any(c => c.InCycle > 0)))
            .ToList();
        return Page();
    }
}
