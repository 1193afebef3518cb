using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Dashboards;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages;

/// <summary>
/// The start page is the role's dashboard. A ministry and an administrator see the national figures,
/// a regional lead those of its landsdeel (<see cref="DashboardQueries.OverviewAsync"/>), filtered
/// through the address (?jaar=&amp;thema=&amp;landsdeel=) so that a view can be shared. A partner sees what
/// waits for it: progress updates due, commitments and updates the regional lead returned (with the
/// comment), requests to confirm being named co-partner, its drafts, and its commitments by status.
/// Each list is bounded; the full lists are on the commitments page.
/// </summary>
public class IndexModel(CommitmentsDbContext db, PageLabels labels, IAuthorizationService authorization, DashboardQueries dashboards) : PageModel
{
    /// <summary>At most this many lines per list on the overview.</summary>
    public const int ListSize = 20;

    public string ScopeDescription { get; private set; } = "";
    public OverviewDashboard? Overview { get; private set; }
    public PartnerDashboard? Partner { get; private set; }

    public bool IsPartner { get; private set; }
    public bool IsRegionalLead { get; private set; }
    public IReadOnlyList<ReturnedRow> Returned { get; private set; } = [];
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];
    public IReadOnlyList<DraftRow> Drafts { get; private set; } = [];

    public sealed record ReturnedRow(int Id, string Title, string? Comment);

    /// <summary>A request to confirm being co-partner; <paramref name="CanAnswer"/> false when the cycle is frozen.</summary>
    public sealed record RequestRow(int Id, string Title, string LeadPartner, decimal SharePercent, Guid Version, bool CanAnswer);

    public sealed record DraftRow(int Id, string Title, int Revision, bool IsRevision);

    public async Task OnGetAsync(string? jaar, string? thema, string? landsdeel, CancellationToken ct)
    {
        ScopeDescription = db.Scope.Kind switch
        {
            // A partner's organisation is named by its dashboard, below (read with the cycles).
            DataScopeKind.Organization => "",
            // A lead's landsdeel is named from the dashboard's own list of regions, below (one query less).
            DataScopeKind.Region => "",
            DataScopeKind.NationalReadOnly or DataScopeKind.Everything => labels.AllRegions,
            _ => "",
        };
        IsRegionalLead = User.IsInRole(Roles.RegionalLead);
        if (db.Scope.Kind == DataScopeKind.Organization && db.Scope.OrganizationId is { } own)
        {
            // A partner's dashboard has no filters: whatever the address says, it shows its own.
            IsPartner = true;
            Partner = await dashboards.PartnerAsync(own, ct);
            ScopeDescription = Partner.OrganizationName;
            await LoadPartnerListsAsync(own, ct);
        }
        else if (db.Scope.SeesEverything || db.Scope.Kind == DataScopeKind.Region)
        {
            Overview = await dashboards.OverviewAsync(jaar, thema, landsdeel, ct);
            if (db.Scope.Kind == DataScopeKind.Region)
            {
                ScopeDescription = labels.Region(Overview.Regions.FirstOrDefault(r => r.Id == db.Scope.RegionId)?.Name);
            }
        }
    }

    private async Task LoadPartnerListsAsync(int own, CancellationToken ct)
    {
        // The returned commitments and the drafts, each list bounded in its own operand, in one statement.
        IQueryable<OwnLine> Own(CommitmentStatus status) => db.Commitments.AsNoTracking()
            .Where(c => c.OrganizationId == own && c.Status == status)
            .OrderBy(c => c.Title).ThenBy(c => c.Id)
            .Take(ListSize)
            .Select(c => new OwnLine
            {
                Id = c.Id, Title = c.Title, Status = c.Status, Revision = c.Revision, IsRevision = c.ApprovedRevision != null,
                // Older data may carry a returned commitment's comment only on the lead's review.
                Comment = c.ReturnComment ?? c.Reviews
                    .Where(r => r.ProgressUpdateId == null && r.Decision == ReviewDecision.Returned)
                    .OrderByDescending(r => r.DecidedAt).Select(r => r.Comment).FirstOrDefault(),
            });
        var lines = await Own(CommitmentStatus.Returned).Concat(Own(CommitmentStatus.Draft))
            .OrderBy(l => l.Status).ThenBy(l => l.Title).ThenBy(l => l.Id)
            .ToListAsync(ct);
        Returned = lines.Where(l => l.Status == CommitmentStatus.Returned).Select(l => new ReturnedRow(l.Id, l.Title, l.Comment)).ToList();

        // From the co-partner rows of this organisation (an index), not from all commitments it may see:
        // reading the commitments first made SQLite test every visible commitment (150–400 ms at 20,000).
        var requests = await db.Set<CommitmentCoPartner>().AsNoTracking()
            .Where(p => p.OrganizationId == own && p.Response == CoPartnerResponse.Pending
                        && p.Commitment!.OrganizationId != own && p.Commitment.Status != CommitmentStatus.Withdrawn)
            .OrderBy(p => p.Commitment!.Title).ThenBy(p => p.CommitmentId)
            .Take(ListSize)
            .Select(p => new
            {
                Id = p.CommitmentId, p.Commitment!.Title, p.Commitment.OrganizationId, Lead = p.Commitment.Organization!.Name,
                p.Commitment.Organization.RegionId, p.Commitment.Status, p.Commitment.ApprovedRevision,
                Frozen = p.Commitment.ReportingCycle!.FrozenAt != null, p.Commitment.Version, Share = p.SharePercent,
            })
            .ToListAsync(ct);
        var rows = new List<RequestRow>();
        foreach (var r in requests)
        {
            // The buttons follow the same rule as the commitment's page and its handlers.
            var access = new CommitmentAccess(r.OrganizationId, r.RegionId, r.Status, r.ApprovedRevision, r.Frozen, [own]);
            var canAnswer = (await authorization.AuthorizeAsync(User, access, CommitmentOperations.AnswerAsCoPartner)).Succeeded;
            rows.Add(new RequestRow(r.Id, r.Title, r.Lead, r.Share, r.Version, canAnswer));
        }
        Requests = rows;

        Drafts = lines.Where(l => l.Status == CommitmentStatus.Draft).Select(l => new DraftRow(l.Id, l.Title, l.Revision, l.IsRevision)).ToList();
    }

    /// <summary>A line of the returned or drafts list, so that both come in one statement.</summary>
    private sealed class OwnLine
    {
        public int Id { get; init; }
        public string Title { get; init; } = "";
        public CommitmentStatus Status { get; init; }
        public int Revision { get; init; }
        public bool IsRevision { get; init; }
        public string? Comment { get; init; }
    }
}
