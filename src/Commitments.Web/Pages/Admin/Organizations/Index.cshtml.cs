using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Organizations;

/// <summary>
/// All organisations, searched, filtered and paged in the database (2,000 in the pact, 20,000 in the
/// scale test): the count, one page of rows with their counts of commitments and accounts, and the
/// regions for the filter. Three queries, however many organisations there are.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Part of the name, or a KvK number.</summary>
    [BindProperty(SupportsGet = true, Name = "zoek")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "landsdeel")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    /// <summary>"actief", "gedeactiveerd" or empty for both.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(int Id, string Name, OrganizationType Type, string Region, string? Province, string? KvkNumber,
        DateTime? DeactivatedAt, int Commitments, int Users);

    /// <summary>The filters as query values, for the paging links.</summary>
    public Dictionary<string, string> RouteValues(int page) =>
        AdminInput.Query(("zoek", Search), ("landsdeel", Region), ("type", Type), ("status", State), ("pagina", page.ToString(DutchLabels.Culture)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();

        var query = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            // As typed, or in upper case so that "drenthe" finds "Provincie Drenthe" on both databases
            // (SQLite's upper() knows only ASCII: "fryslân" is found as typed, in its own case).
            var term = Search.Trim();
            var upper = term.ToUpperInvariant();
            query = query.Where(o => o.Name.Contains(term) || o.Name.ToUpper().Contains(upper) || o.KvkNumber == term);
        }
        if (AdminInput.TryId(Region, out var regionId) && regionId is { } r)
        {
            query = query.Where(o => o.RegionId == r);
        }
        if (AdminInput.Type(Type) is { } type)
        {
            query = query.Where(o => o.Type == type);
        }
        query = State switch
        {
            "actief" => query.Where(o => o.DeactivatedAt == null),
            "gedeactiveerd" => query.Where(o => o.DeactivatedAt != null),
            _ => query,
        };

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(o => new
            {
                o.Id, o.Name, o.Type, Region = o.Region!.Name, Province = o.Province!.Name, o.KvkNumber, o.DeactivatedAt,
                Commitments = db.Commitments.Count(c => c.OrganizationId == o.Id),
                Users = db.Users.Count(u => u.OrganizationId == o.Id),
            })
            .ToListAsync(ct);
        Rows = rows.Select(o => new Row(o.Id, o.Name, o.Type, o.Region, o.Province, o.KvkNumber, o.DeactivatedAt, o.Commitments, o.Users)).ToList();
    }
}
