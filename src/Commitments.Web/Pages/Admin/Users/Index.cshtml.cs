using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Users;

/// <summary>
/// All accounts, filtered and paged in the database. Accounts are not tenant data (Identity must find
/// a user before there is a scope), so only the Administrator policy guards this page; it is the one
/// scope that sees everyone. A fixed number of queries: regions, the organisation named in the filter,
/// the count and one page with each account's role, organisation and region.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Part of the e-mail address, the name or the organisation's name.</summary>
    [BindProperty(SupportsGet = true, Name = "zoek")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "rol")]
    public string? Role { get; set; }

    /// <summary>One organisation's accounts (from the link on the organisation's page).</summary>
    [BindProperty(SupportsGet = true, Name = "organisatie")]
    public string? Organization { get; set; }

    [BindProperty(SupportsGet = true, Name = "landsdeel")]
    public string? Region { get; set; }

    /// <summary>"actief", "gedeactiveerd" or empty for both.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];

    /// <summary>The organisation of the filter, when one is set and exists.</summary>
    public (int Id, string Name)? OrganizationFilter { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Users who asked for their account to be removed, not yet anonymised (AVG, /Account/Privacy).</summary>
    public IReadOnlyList<RemovalRequestRow> RemovalRequests { get; private set; } = [];

    public sealed record RemovalRequestRow(string UserId, string? Email, string? DisplayName, DateTime RequestedAt);

    public sealed record Row(string Id, string? Email, string? DisplayName, string? Role, string? Organization, string? Region, DateTime? DeactivatedAt);

    public Dictionary<string, string> RouteValues(int page) =>
        AdminInput.Query(("zoek", Search), ("rol", Role), ("organisatie", Organization), ("landsdeel", Region), ("status", State),
            ("pagina", page.ToString(DutchLabels.Culture)));

    /// <summary>The same filters for every organisation.</summary>
    public Dictionary<string, string> WithoutOrganizationFilter() =>
        AdminInput.Query(("zoek", Search), ("rol", Role), ("landsdeel", Region), ("status", State));

    public async Task OnGetAsync(CancellationToken ct)
    {
        RemovalRequests = await Account.RemovalRequests.Open(db)
            .Join(db.Users, a => a.EntityId, u => u.Id, (a, u) => new { u.Id, u.Email, u.DisplayName, a.OccurredAt })
            .OrderBy(r => r.Id)
            .Take(PageSize)
            .Select(r => new RemovalRequestRow(r.Id, r.Email, r.DisplayName, r.OccurredAt))
            .ToListAsync(ct);
        Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();

        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            // E-mail addresses through Identity's upper-case copy; names as typed or in upper case
            // (SQLite's upper() knows only ASCII).
            var term = Search.Trim();
            var upper = term.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(upper)
                || u.DisplayName!.Contains(term) || u.DisplayName!.ToUpper().Contains(upper)
                || db.Organizations.Any(o => o.Id == u.OrganizationId && (o.Name.Contains(term) || o.Name.ToUpper().Contains(upper))));
        }
        if (Roles.All.Contains(Role))
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Role)));
        }
        if (AdminInput.TryId(Organization, out var organizationId) && organizationId is { } o)
        {
            OrganizationFilter = (await db.Organizations.AsNoTracking().Where(x => x.Id == o).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
                .Select(x => ((int, string)?)(x.Id, x.Name)).FirstOrDefault();
            query = query.Where(u => u.OrganizationId == o);
        }
        if (AdminInput.TryId(Region, out var regionId) && regionId is { } r)
        {
            // A lead's own region, or the region of a partner's organisation.
            query = query.Where(u => u.RegionId == r || db.Organizations.Any(x => x.Id == u.OrganizationId && x.RegionId == r));
        }
        query = State switch
        {
            "actief" => query.Where(u => u.DeactivatedAt == null),
            "gedeactiveerd" => query.Where(u => u.DeactivatedAt != null),
            _ => query,
        };

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query
            .OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.DeactivatedAt,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, role => role.Id, (ur, role) => role.Name).OrderBy(n => n).FirstOrDefault(),
                Organization = db.Organizations.Where(x => x.Id == u.OrganizationId).Select(x => x.Name).FirstOrDefault(),
                OwnRegion = db.Regions.Where(x => x.Id == u.RegionId).Select(x => x.Name).FirstOrDefault(),
                OrganizationRegion = db.Organizations.Where(x => x.Id == u.OrganizationId).Select(x => x.Region!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Rows = rows.Select(u => new Row(u.Id, u.Email, u.DisplayName, u.Role, u.Organization, u.OwnRegion ?? u.OrganizationRegion, u.DeactivatedAt)).ToList();
    }
}
