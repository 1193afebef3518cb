using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Dashboards;
using Commitments.Web.Identity;
using Commitments.Web.Progress;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Progress;

/// <summary>
/// "Wie heeft nog niet gerapporteerd": per organisation and approved commitment, where the update of
/// the open reporting cycle stands: not started, draft, submitted, returned or approved, and overdue
/// once the due date has passed (Amsterdam calendar) without a submission. A regional lead sees its
/// own region (the data scope sees to that); the ministries and administrators see the whole country
/// and may narrow it to one landsdeel (?regio=noord). Counted and paged in the database: a fixed
/// number of queries however many commitments there are.
/// </summary>
[Authorize(Policy = Policies.ReadsReports)]
public class NotReportedModel(CommitmentsDbContext db, TimeProvider time, DashboardCache cache) : PageModel
{
    public const int PageSize = 100;

    /// <summary>Narrows a national view to one landsdeel by its code; ignored for a regional lead.</summary>
    [BindProperty(SupportsGet = true, Name = "regio")]
    public string? RegionCode { get; set; }

    /// <summary>Only rows in this state (see <see cref="Filters"/>); empty for all.</summary>
    [BindProperty(SupportsGet = true, Name = "stand")]
    public string? StateFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public ReportingCycle? Cycle { get; private set; }
    public bool PastDue { get; private set; }
    public bool National => db.Scope.SeesEverything;
    public IReadOnlyList<(string Code, string Name)> Regions { get; private set; } = [];

    /// <summary>How many approved commitments are in each state (without the state filter).</summary>
    public IReadOnlyDictionary<ReportState, int> Counts { get; private set; } = new Dictionary<ReportState, int>();

    public int Overdue => PastDue ? Counts.Where(c => c.Key.IsOpen()).Sum(c => c.Value) : 0;
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(int OrganizationId, string Organization, string Region, int CommitmentId, string Title, ReportState State, DateTime? SubmittedAt);

    /// <summary>The filter values (as in the address) and the states they select.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Filters =
    [
        ("", "Alle"),
        ("nog-niet-ingediend", "Nog niet ingediend"),
        ("te-laat", "Te laat"),
        ("niet-begonnen", "Niet begonnen"),
        ("concept", "Concept"),
        ("teruggestuurd", "Teruggestuurd"),
        ("ingediend", "Ingediend"),
        ("goedgekeurd", "Goedgekeurd"),
    ];

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

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Filters.Any(f => f.Value == (StateFilter ?? "")))
        {
            StateFilter = null;
        }
        if (National)
        {
            Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Code, r.Name }).ToListAsync(ct))
                .Select(r => (r.Code, r.Name)).ToList();
            if (!Regions.Any(r => r.Code == RegionCode))
            {
                RegionCode = null;
            }
        }
        else
        {
            RegionCode = null;
        }

        Cycle = await ProgressReporting.OpenCycleAsync(db, time, ct);
        if (Cycle == null)
        {
            return;
        }
        PastDue = ProgressReporting.Today(time) > Cycle.UpdatesDueOn;

        var rows = StatusRows(Cycle.Id);
        // The counts per state read every reporting commitment of the scope: cached per scope, cycle
        // and landsdeel until a save raises the data version, as the dashboards' figures (ADR-0022).
        // Not the request's token: waiting requests share this computation.
        async Task<IReadOnlyDictionary<ReportState, int>> CountAsync(CancellationToken token) =>
            (await rows.Select(r => r.Status).GroupBy(status => status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(token))
                .ToDictionary(g => ReportStates.From(g.Key), g => g.Count);
        Counts = DashboardCache.Caches(db.Scope)
            ? await cache.GetOrComputeAsync(
                DashboardCache.NotReportedKey(db.Scope, await DashboardCache.VersionAsync(db, ct), Cycle.Id, RegionCode),
                () => CountAsync(CancellationToken.None))
            : await CountAsync(ct);

        var filtered = Filter(rows);
        Total = StateFilter switch
        {
            null or "" => Counts.Values.Sum(),
            "nog-niet-ingediend" => Counts.Where(c => c.Key.IsOpen()).Sum(c => c.Value),
            "te-laat" => Overdue,
            _ => Counts.GetValueOrDefault(ReportStates.FromFilter(StateFilter)),
        };
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = (await filtered
                .OrderBy(r => r.Organization).ThenBy(r => r.OrganizationId).ThenBy(r => r.Title).ThenBy(r => r.CommitmentId)
                .Skip((PageNumber - 1) * PageSize).Take(PageSize)
                .ToListAsync(ct))
            .Select(r => new Row(r.OrganizationId, r.Organization, r.Region, r.CommitmentId, r.Title, ReportStates.From(r.Status), r.SubmittedAt))
            .ToList();
    }

    public bool IsOverdue(Row row) => PastDue && row.State.IsOpen();

    /// <summary>
    /// Every reporting commitment of an active organisation in scope, with the status of its update of
    /// the cycle (null: none yet). A commitment has at most one update per cycle (a unique index on
    /// (commitment, cycle)), so the status is that one row's, read by one scalar lookup on the index.
    /// It replaced four EXISTS lookups (one per status), each carrying the tenancy join of the
    /// progress updates, and halved the time of the count (docs/performance.md, "Dashboard,
    /// not-reported and review queue at scale"). Not a join of the filtered updates: that made SQLite
    /// build the filtered set of updates without an index and probe it for every commitment (6 s).
    /// </summary>
    private IQueryable<StatusRow> StatusRows(int cycleId)
    {
        var commitments = db.Commitments.AsNoTracking()
            .Where(ProgressReporting.Reports)
            .Where(c => c.Organization!.DeactivatedAt == null);
        if (RegionCode != null)
        {
            commitments = commitments.Where(c => c.Organization!.Region!.Code == RegionCode);
        }
        return commitments.Select(c => new StatusRow
        {
            // The organisation's own key, not the commitment's foreign key (the same value): ordered
            // by name and this key, SQLite reads the organisations through their name index (whose
            // entries end in the key) and each one's commitments by title, and stops after the page;
            // ordered by the foreign key it sorts every commitment of the scope (40 ms against 0.5 ms
            // for the nation's first page; docs/performance.md).
            OrganizationId = c.Organization!.Id,
            Organization = c.Organization!.Name,
            Region = c.Organization.Region!.Name,
            CommitmentId = c.Id,
            Title = c.Title,
            Status = c.ProgressUpdates.Where(u => u.ReportingCycleId == cycleId).Select(u => (ProgressUpdateStatus?)u.Status).FirstOrDefault(),
            SubmittedAt = c.ProgressUpdates.Where(u => u.ReportingCycleId == cycleId).Select(u => u.SubmittedAt).FirstOrDefault(),
        });
    }

    /// <summary>
    /// Not submitted yet: no update (null), a draft or a returned one. Written as one test of the
    /// status with null read as a draft, so the database looks the update up once per commitment
    /// instead of once per alternative (three index lookups, each with the tenancy join).
    /// </summary>
    private static IQueryable<StatusRow> NotSubmitted(IQueryable<StatusRow> rows) =>
        rows.Where(r => new[] { ProgressUpdateStatus.Draft, ProgressUpdateStatus.Returned }.Contains(r.Status ?? ProgressUpdateStatus.Draft));

    private IQueryable<StatusRow> Filter(IQueryable<StatusRow> rows) => StateFilter switch
    {
        "nog-niet-ingediend" => NotSubmitted(rows),
        "te-laat" => PastDue ? NotSubmitted(rows) : rows.Where(r => false),
        "niet-begonnen" => rows.Where(r => r.Status == null),
        "concept" => rows.Where(r => r.Status == ProgressUpdateStatus.Draft),
        "teruggestuurd" => rows.Where(r => r.Status == ProgressUpdateStatus.Returned),
        "ingediend" => rows.Where(r => r.Status == ProgressUpdateStatus.Submitted),
        "goedgekeurd" => rows.Where(r => r.Status == ProgressUpdateStatus.Approved),
        _ => rows,
    };

    private sealed class StatusRow
    {
        public int OrganizationId { get; init; }
        public required string Organization { get; init; }
        public required string Region { get; init; }
        public int CommitmentId { get; init; }
        public required string Title { get; init; }
        public ProgressUpdateStatus? Status { get; init; }
        public DateTime? SubmittedAt { get; init; }
    }
}

/// <summary>Where a commitment's update of the open cycle stands.</summary>
public enum ReportState
{
    NotStarted,
    Draft,
    Returned,
    Submitted,
    Approved,
}

public static class ReportStates
{
    public static ReportState From(ProgressUpdateStatus? status) => status switch
    {
        null => ReportState.NotStarted,
        ProgressUpdateStatus.Draft => ReportState.Draft,
        ProgressUpdateStatus.Returned => ReportState.Returned,
        ProgressUpdateStatus.Submitted => ReportState.Submitted,
        _ => ReportState.Approved,
    };

    public static ReportState FromFilter(string filter) => filter switch
    {
        "niet-begonnen" => ReportState.NotStarted,
        "concept" => ReportState.Draft,
        "teruggestuurd" => ReportState.Returned,
        "ingediend" => ReportState.Submitted,
        _ => ReportState.Approved,
    };

    /// <summary>Not yet submitted: late once the due date has passed.</summary>
    public static bool IsOpen(this ReportState state) => state is ReportState.NotStarted or ReportState.Draft or ReportState.Returned;

    public static string Label(this ReportState state) => state switch
    {
        ReportState.NotStarted => "Niet begonnen",
        ReportState.Draft => "Concept",
        ReportState.Returned => "Teruggestuurd",
        ReportState.Submitted => "Ingediend",
        _ => "Goedgekeurd",
    };
}
