using System.Globalization;
using System.Linq.Expressions;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Progress;
using Commitments.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Dashboards;

/// <summary>
/// The figures of the dashboards, aggregated in the database: a fixed number of queries whatever
/// the number of commitments (counts and sums come back per landsdeel, theme, status or year, never
/// per commitment). What is counted follows the annual report (<see cref="AnnualReportBuilder.InReport"/>,
/// its status rules and its attribution of budgets) and progress reporting
/// (<see cref="ProgressReporting.Reports"/>, <see cref="ProgressReporting.OpenCycleAsync"/>), so the
/// dashboard and the report a minister downloads tell the same story. Who sees what is the context's
/// data scope: this class never filters by tenant itself; a filter can only narrow that scope.
/// </summary>
public sealed class DashboardQueries(CommitmentsDbContext db, TimeProvider time, DashboardCache cache)
{
    /// <summary>At most this many lines per list on a partner's dashboard.</summary>
    public const int ListSize = 20;

    /// <summary>Checks the address' filter values against what this user may choose; see <see cref="DashboardFilter"/>.</summary>
    public static DashboardFilter Parse(string? year, string? theme, string? region,
        IReadOnlyList<CycleOption> cycles, IReadOnlyList<ThemeOption> themes, IReadOnlyList<RegionOption> regions)
    {
        var ignored = new List<string>();
        int? y = null, t = null;
        string? r = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && cycles.Any(c => c.Year == value))
            {
                y = value;
            }
            else
            {
                ignored.Add("jaar");
            }
        }
        if (!string.IsNullOrWhiteSpace(theme))
        {
            if (int.TryParse(theme, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && themes.Any(c => c.Id == value))
            {
                t = value;
            }
            else
            {
                ignored.Add("thema");
            }
        }
        if (!string.IsNullOrWhiteSpace(region))
        {
            if (regions.FirstOrDefault(x => string.Equals(x.Code, region.Trim(), StringComparison.OrdinalIgnoreCase)) is { } match)
            {
                r = match.Code;
            }
            else
            {
                ignored.Add("landsdeel");
            }
        }
        return new DashboardFilter(y, t, r, ignored);
    }

    /// <summary>The dashboard of a ministry or administrator (national) or a regional lead (its landsdeel).</summary>
    public async Task<OverviewDashboard> OverviewAsync(string? yearText, string? themeText, string? regionText, CancellationToken ct)
    {
        var scope = db.Scope;
        if (!scope.SeesEverything && scope.Kind != DataScopeKind.Region)
        {
            throw new InvalidOperationException("The overview dashboard is for national and regional scopes.");
        }

        // Reference data and the data version in one statement (a UNION ALL of four small reads): the
        // cycles are read whole so that the open cycle is picked from them (ProgressReporting.OpenCycle)
        // instead of asked for again.
        var reference = await ReferenceAsync(ct);
        var cycleRows = reference.Where(r => r.Kind == ReferenceKind.Cycle)
            .Select(r => new ReportingCycle { Id = r.Id, Year = r.Number, FreezesOn = r.FreezesOn ?? default, FrozenAt = r.FrozenAt })
            .ToList();
        var cycles = cycleRows.Select(c => new CycleOption(c.Id, c.Year, c.FrozenAt != null)).ToList();
        var themes = reference.Where(r => r.Kind == ReferenceKind.Theme).Select(r => new ThemeOption(r.Id, r.Name ?? "")).ToList();
        var regions = reference.Where(r => r.Kind == ReferenceKind.Region).Select(r => new RegionOption(r.Id, r.Code ?? "", r.Name ?? "")).ToList();
        var version = reference.Where(r => r.Kind == ReferenceKind.Version).Select(r => r.Version).FirstOrDefault();
        // Regions are reference data without a tenant filter: a lead chooses (and sees) its own only.
        if (!scope.SeesEverything)
        {
            regions = regions.Where(r => r.Id == scope.RegionId).ToList();
        }

        var filter = Parse(yearText, themeText, regionText, cycles, themes, regions);
        var open = ProgressReporting.OpenCycle(cycleRows, time);
        var openCycle = open is null ? null : cycles.FirstOrDefault(c => c.Id == open.Id);
        // By default the cycle being reported on now, else the latest.
        var cycle = filter.Year is { } y ? cycles.First(c => c.Year == y) : openCycle ?? cycles.LastOrDefault();
        var year = cycle?.Year ?? 0;
        var regionId = filter.RegionCode is { } code ? regions.First(r => r.Code == code).Id : (int?)null;
        var openId = open?.Id ?? -1;

        // The aggregates come from the cache while the data they summarise is unchanged (ADR-0022):
        // the counter comes with the reference data, instead of the statements that compute them.
        var cycleId = cycle?.Id ?? 0;
        var key = DashboardCache.Key(scope, version, year, cycleId, openId, filter.ThemeId, regionId);
        // Not the request's token: waiting requests share this computation (DashboardCache).
        var figures = await cache.GetOrComputeAsync(key,
            () => FiguresAsync(year, cycleId, open is null ? null : openId, filter.ThemeId, regionId, CancellationToken.None));

        var perRegion = regions
            .Where(r => regionId == null || r.Id == regionId)
            .Select(r => new RegionFigures(
                r,
                figures.StatusRows.Where(s => s.RegionId == r.Id).ToDictionary(s => s.Status, s => s.Count),
                Math.Round(figures.Attributed.GetValueOrDefault(r.Id), 2)))
            .ToList();
        var perTheme = themes
            .Where(t => figures.ThemeCounts.ContainsKey(t.Id) && (filter.ThemeId == null || t.Id == filter.ThemeId))
            .Select(t => (t, figures.ThemeCounts[t.Id]))
            .ToList();
        var indicatorProgress = Enum.GetValues<ProgressBand>().Select(b => (b, figures.Bands.GetValueOrDefault(b))).ToList();

        // The trend over all cycles: commitments in the report up to each year (cumulative, as the
        // report counts), and the updates filed in each year with how many of them were on track.
        var running = 0;
        var trend = new List<TrendPoint>();
        foreach (var c in cycles)
        {
            running += figures.Announced.GetValueOrDefault(c.Year);
            trend.Add(new TrendPoint(c.Year, running,
                figures.Filed.Where(f => f.Year == c.Year).Sum(f => f.Count),
                figures.Filed.Where(f => f.Year == c.Year && f.Health == ProgressHealth.OnTrack).Sum(f => f.Count)));
        }

        return new OverviewDashboard(filter, cycles, themes, regions, cycle, openCycle, perTheme, perRegion,
            figures.Reporting, figures.Reported, indicatorProgress, trend, Math.Round(figures.Total, 2));
    }

    /// <summary>
    /// The aggregates of the dashboard for the context's scope, narrowed by theme and landsdeel:
    /// counts up to <paramref name="year"/>, indicator bands of <paramref name="cycleId"/>, the share
    /// reported in the open cycle (<paramref name="openCycleId"/>, null when none is open). One statement
    /// (a UNION ALL of six reads, each aggregated in the database), and a second only when a revision
    /// under way names co-partners (their landsdelen).
    /// </summary>
    private async Task<DashboardFigures> FiguresAsync(int year, int cycleId, int? openCycleId, int? themeId, int? regionId, CancellationToken ct)
    {
        var openId = openCycleId ?? -1;
        var scope = Narrow(db.Commitments.AsNoTracking(), themeId, regionId);

        // One grouped read gives the counts by status, the pledged budgets, the share reported in the
        // open cycle and the trend of announced commitments: every commitment of the scope (narrowed by
        // the filters) falls in a group by landsdeel, year, status and the few facts those figures test,
        // a few hundred groups at national scale. It replaced five queries that each read every
        // commitment (docs/performance.md, "Dashboard, not-reported and review queue at scale").
        var facts = scope
            .GroupBy(c => new
            {
                c.Organization!.RegionId,
                c.ReportingCycle!.Year,
                c.Status,
                Revised = c.ApprovedRevision != null,
                Active = c.Organization.DeactivatedAt == null,
                HasBudget = c.BudgetEuros != null,
                // Only asked for commitments that report (the AND stops before the lookup otherwise).
                Done = (c.Status == CommitmentStatus.Approved || (c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn))
                       && c.ProgressUpdates.Any(u => u.ReportingCycleId == openId
                                                     && (u.Status == ProgressUpdateStatus.Submitted || u.Status == ProgressUpdateStatus.Approved)),
            })
            .Select(g => new FigureRow
            {
                Kind = FigureKind.Facts, Key = g.Key.RegionId, Year = g.Key.Year, Status = g.Key.Status,
                Revised = g.Key.Revised, Active = g.Key.Active, HasBudget = g.Key.HasBudget, Done = g.Key.Done,
                Count = g.Count(),
                // The lead's part as one product per row, divided once per group.
                Budget = g.Sum(c => c.BudgetEuros ?? 0m),
                LeadTimesPercent = g.Sum(c => (c.BudgetEuros ?? 0m) * c.LeadSharePercent),
                Content = null,
            });

        // Every commitment of the scope up to the chosen year, narrowed by the filters.
        var inReport = scope.Where(c => c.ReportingCycle!.Year <= year).Where(AnnualReportBuilder.InReport(year));

        // A revision under way is counted with the themes and budget it was approved with (as in the
        // report); those few rows are read whole, all others are aggregated in SQL.
        var revisionRows = inReport.Where(UnderRevision)
            .Select(c => new FigureRow
            {
                Kind = FigureKind.Revision, Key = c.Id, Year = c.Organization!.RegionId, Status = null,
                Revised = false, Active = false, HasBudget = false, Done = false,
                Count = 1, Budget = 0m, LeadTimesPercent = 0m,
                Content = c.ApprovedContent,
            });
        var current = inReport.Where(Not(UnderRevision));

        var themeRows = current.SelectMany(c => c.Themes)
            .GroupBy(t => t.Id)
            .Select(g => new FigureRow
            {
                Kind = FigureKind.Theme, Key = g.Key, Year = 0, Status = null,
                Revised = false, Active = false, HasBudget = false, Done = false,
                Count = g.Count(), Budget = 0m, LeadTimesPercent = 0m, Content = null,
            });

        // Budget: withdrawn commitments left out (no longer promised); a joint commitment's budget
        // divided over its participants by their shares, each part counted in the participant's own
        // landsdeel (the report's attribution), so nothing is counted twice.
        var partnerRows = current.Where(c => c.Status != CommitmentStatus.Withdrawn && c.BudgetEuros != null)
            .SelectMany(c => c.CoPartners, (c, p) => new { p.Organization!.RegionId, Part = c.BudgetEuros!.Value * p.SharePercent })
            .GroupBy(p => p.RegionId)
            .Select(g => new FigureRow
            {
                Kind = FigureKind.PartnerPart, Key = g.Key, Year = 0, Status = null,
                Revised = false, Active = false, HasBudget = false, Done = false,
                // The sum of budget times percentage; divided by 100 once, below.
                Count = 0, Budget = g.Sum(p => p.Part), LeadTimesPercent = 0m, Content = null,
            });

        // Indicators of the chosen cycle's filed updates, by how far they came from baseline to target.
        // Worked out in whole cents as floating point numbers, which both databases compute natively and
        // exactly (whole numbers far below 2^53): SQLite keeps decimals as text, and dividing them
        // through EF's decimal functions, called per value, took seconds at national scale. Comparing
        // 4·(value − baseline) with 3·(target − baseline) instead of dividing keeps the bands exact.
        var bandRows = scope
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.ReportingCycleId == cycleId && u.Status != ProgressUpdateStatus.Draft)
            .SelectMany(u => u.Values)
            .Select(v => new
            {
                NoTarget = v.Indicator!.Target == null,
                Gained = Math.Round((double)v.Value * 100) - Math.Round((double)v.Indicator.Baseline * 100),
                Span = Math.Round((double)(v.Indicator.Target ?? 0m) * 100) - Math.Round((double)v.Indicator.Baseline * 100),
            })
            // A target below the baseline is reached by going down: turn both round so the span is positive.
            .Select(v => new { v.NoTarget, Gained = v.Span < 0 ? -v.Gained : v.Gained, Span = v.Span < 0 ? -v.Span : v.Span })
            .Select(v => v.NoTarget || v.Span == 0 ? ProgressBand.NoTarget
                : v.Gained >= v.Span ? ProgressBand.Reached
                : 4 * v.Gained >= 3 * v.Span ? ProgressBand.From75
                : 2 * v.Gained >= v.Span ? ProgressBand.From50
                : 4 * v.Gained >= v.Span ? ProgressBand.From25
                : ProgressBand.Below25)
            .GroupBy(b => b)
            .Select(g => new FigureRow
            {
                Kind = FigureKind.Band, Key = (int)g.Key, Year = 0, Status = null,
                Revised = false, Active = false, HasBudget = false, Done = false,
                Count = g.Count(), Budget = 0m, LeadTimesPercent = 0m, Content = null,
            });

        // The trend: updates filed per year and how they were doing.
        var filedRows = scope
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.Status != ProgressUpdateStatus.Draft)
            .GroupBy(u => new { u.ReportingCycle!.Year, u.Health })
            .Select(g => new FigureRow
            {
                // The health as its number, spelled out: PostgreSQL stores it as text, and a column that is
                // text in one operand of the UNION and a number (or a typed null) in another cannot be matched.
                Kind = FigureKind.Filed, Year = g.Key.Year, Status = null,
                Key = g.Key.Health == ProgressHealth.OnTrack ? (int)ProgressHealth.OnTrack
                    : g.Key.Health == ProgressHealth.AtRisk ? (int)ProgressHealth.AtRisk
                    : g.Key.Health == ProgressHealth.Behind ? (int)ProgressHealth.Behind
                    : -1,
                Revised = false, Active = false, HasBudget = false, Done = false,
                Count = g.Count(), Budget = 0m, LeadTimesPercent = 0m, Content = null,
            });

        var rows = await facts.Concat(revisionRows).Concat(themeRows).Concat(partnerRows).Concat(bandRows).Concat(filedRows)
            .ToListAsync(ct);

        var factRows = rows.Where(r => r.Kind == FigureKind.Facts)
            .Select(r => new { r.Key, r.Year, Status = r.Status ?? CommitmentStatus.Draft, r.Revised, r.Active, r.HasBudget, r.Done, r.Count, r.Budget, r.LeadTimesPercent })
            .ToList();
        // The same rules as the expressions the report and progress pages use (AnnualReportBuilder.InReport,
        // UnderRevision, ProgressReporting.Reports), applied to the groups.
        bool UnderRevisionGroup(CommitmentStatus status, bool revised) =>
            revised && status != CommitmentStatus.Approved && status != CommitmentStatus.Withdrawn;
        bool Announced(CommitmentStatus status, bool revised) => status != CommitmentStatus.Draft || revised;
        bool ReportsGroup(CommitmentStatus status, bool revised) =>
            status == CommitmentStatus.Approved || (revised && status != CommitmentStatus.Withdrawn);

        // Status per landsdeel, as the report counts it: a newer revision under way counts as the approved one.
        var statusRows = factRows.Where(f => f.Year <= year)
            .GroupBy(f => new { RegionId = f.Key, Status = UnderRevisionGroup(f.Status, f.Revised) ? CommitmentStatus.Approved : f.Status })
            .Select(g => (g.Key.RegionId, g.Key.Status, Count: g.Sum(f => f.Count)))
            .ToList();

        var revisions = rows.Where(r => r.Kind == FigureKind.Revision)
            .OrderBy(r => r.Key)
            .Select(r => (Id: r.Key, RegionId: r.Year, Content: CommitmentContent.FromJson(r.Content)))
            .Where(c => c.Content != null)
            .Select(c => (c.Id, c.RegionId, Content: c.Content!))
            .ToList();

        var themeCounts = rows.Where(r => r.Kind == FigureKind.Theme).ToDictionary(r => r.Key, r => r.Count);
        foreach (var theme in revisions.SelectMany(r => r.Content.Themes))
        {
            themeCounts[theme.Id] = themeCounts.GetValueOrDefault(theme.Id) + 1;
        }

        var leadParts = factRows
            .Where(f => f.Year <= year && Announced(f.Status, f.Revised) && !UnderRevisionGroup(f.Status, f.Revised)
                        && f.Status != CommitmentStatus.Withdrawn && f.HasBudget)
            .GroupBy(f => f.Key)
            .Select(g => new { RegionId = g.Key, Total = g.Sum(f => f.Budget), Lead = g.Sum(f => f.LeadTimesPercent) / 100m })
            .ToList();
        var partnerParts = rows.Where(r => r.Kind == FigureKind.PartnerPart).Select(r => new { RegionId = r.Key, Part = r.Budget / 100m }).ToList();
        var revisionPartnerIds = revisions.SelectMany(r => r.Content.CoPartners.Select(p => p.OrganizationId)).Distinct().ToList();
        var partnerRegions = revisionPartnerIds.Count == 0 ? []
            : await db.Organizations.AsNoTracking().Where(o => revisionPartnerIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.RegionId, ct);

        var attributed = new Dictionary<int, decimal>();
        var total = 0m;
        foreach (var part in leadParts)
        {
            attributed[part.RegionId] = attributed.GetValueOrDefault(part.RegionId) + part.Lead;
            total += part.Total;
        }
        foreach (var part in partnerParts)
        {
            attributed[part.RegionId] = attributed.GetValueOrDefault(part.RegionId) + part.Part;
        }
        foreach (var (_, leadRegion, content) in revisions.Where(r => r.Content.BudgetEuros is > 0))
        {
            var budget = content.BudgetEuros!.Value;
            total += budget;
            attributed[leadRegion] = attributed.GetValueOrDefault(leadRegion) + budget * content.LeadSharePercent / 100m;
            foreach (var p in content.CoPartners)
            {
                if (partnerRegions.TryGetValue(p.OrganizationId, out var r))
                {
                    attributed[r] = attributed.GetValueOrDefault(r) + budget * p.SharePercent / 100m;
                }
            }
        }

        // Share reported in the open cycle: of the commitments that report progress (organisations
        // still active, as on the "not reported" page), those with a submitted or approved update.
        var reporting = 0;
        var reported = 0;
        if (openCycleId is not null)
        {
            var reportingGroups = factRows.Where(f => f.Active && ReportsGroup(f.Status, f.Revised)).ToList();
            reporting = reportingGroups.Sum(f => f.Count);
            reported = reportingGroups.Where(f => f.Done).Sum(f => f.Count);
        }

        var bands = rows.Where(r => r.Kind == FigureKind.Band).ToDictionary(r => (ProgressBand)r.Key, r => r.Count);

        // The trend: commitments announced per year, updates filed per year and how they were doing.
        var announced = factRows.Where(f => Announced(f.Status, f.Revised))
            .GroupBy(f => f.Year).ToDictionary(g => g.Key, g => g.Sum(f => f.Count));
        var filed = rows.Where(r => r.Kind == FigureKind.Filed).Select(r => (r.Year, (ProgressHealth)r.Key, r.Count)).ToList();
        return new DashboardFigures(statusRows, themeCounts, attributed, total, reporting, reported, bands, announced, filed);
    }

    private enum FigureKind
    {
        Facts = 0,
        Revision = 1,
        Theme = 2,
        PartnerPart = 3,
        Band = 4,
        Filed = 5,
    }

    /// <summary>
    /// A row of the dashboard's one aggregate statement; <see cref="Kind"/> says which read it comes from
    /// and what <see cref="Key"/> is (a landsdeel, a commitment, a theme, a band or, of filed updates, their health). A revision's row
    /// carries its landsdeel in <see cref="Year"/> and its approved content in <see cref="Content"/>.
    /// </summary>
    private sealed class FigureRow
    {
        public FigureKind Kind { get; init; }
        public int Key { get; init; }
        public int Year { get; init; }
        // Null where a read has none (only the first operand has it): PostgreSQL stores the status as
        // text, and a constant in another operand of the UNION would not take that mapping.
        public CommitmentStatus? Status { get; init; }
        public bool Revised { get; init; }
        public bool Active { get; init; }
        public bool HasBudget { get; init; }
        public bool Done { get; init; }
        public int Count { get; init; }
        public decimal Budget { get; init; }
        public decimal LeadTimesPercent { get; init; }
        public string? Content { get; init; }
    }

    /// <summary>
    /// Who the partner is, its own commitments by status and the progress updates it still owes in the
    /// open cycle. Three statements whatever the data: the organisation with the reporting cycles, one
    /// grouped count, and the two lists as one <c>UNION ALL</c>.
    /// </summary>
    public async Task<PartnerDashboard> PartnerAsync(int own, CancellationToken ct)
    {
        // The cycles are a few rows of reference data, read whole with the organisation's name (a scalar
        // subquery the database evaluates once) so that the open cycle is picked from them
        // (ProgressReporting.OpenCycle) instead of asked for in a query of its own. Only when no cycle
        // exists yet is the name read on its own.
        var rows = await db.ReportingCycles.AsNoTracking()
            .Select(c => new { Cycle = c, Name = db.Organizations.Where(o => o.Id == own).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var cycles = rows.Select(r => r.Cycle).ToList();
        var name = rows.Count > 0 ? rows[0].Name
            : await db.Organizations.AsNoTracking().Where(o => o.Id == own).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var open = ProgressReporting.OpenCycle(cycles, time);
        var openId = open?.Id ?? -1;

        // Counts by status and, of the commitments that report, how many have filed for the open cycle:
        // one grouped query. The state of the open cycle's update is a scalar lookup per commitment on the
        // unique index (commitment, cycle): written as EXISTS, PostgreSQL hashed every update of the cycle
        // through the tenancy join instead (38 ms against 7, docs/performance.md "Queries per page").
        var mine = db.Commitments.AsNoTracking().Where(c => c.OrganizationId == own);
        var facts = await mine
            .GroupBy(c => new
            {
                c.Status,
                Reports = c.Status == CommitmentStatus.Approved || (c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn),
                State = c.ProgressUpdates.Where(u => u.ReportingCycleId == openId).Select(u => (ProgressUpdateStatus?)u.Status).FirstOrDefault(),
            })
            .Select(g => new { g.Key.Status, g.Key.Reports, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        var byStatus = facts.GroupBy(f => f.Status).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(f => f.Count))).ToList();
        var reporting = open is null ? 0 : facts.Where(f => f.Reports).Sum(f => f.Count);
        var stillToReport = open is null ? 0
            : facts.Where(f => f.Reports && f.State is not (ProgressUpdateStatus.Submitted or ProgressUpdateStatus.Approved)).Sum(f => f.Count);

        // The updates returned to the partner (any cycle) and, when a cycle is open, the commitments whose
        // update for it is not filed: each list bounded and ordered in its own operand, sent as one statement.
        var lines = mine.SelectMany(c => c.ProgressUpdates)
            .Where(u => u.Status == ProgressUpdateStatus.Returned)
            .OrderBy(u => u.Commitment!.Title).ThenBy(u => u.Id)
            .Take(ListSize)
            .Select(u => new PartnerLine
            {
                Due = false, Key = u.Id, CommitmentId = u.CommitmentId, Title = u.Commitment!.Title,
                State = u.Status, Year = u.ReportingCycle!.Year, Comment = u.ReturnComment,
            });
        if (open is not null)
        {
            var due = mine.Where(ProgressReporting.Reports)
                .Select(c => new
                {
                    c.Id,
                    c.Title,
                    State = c.ProgressUpdates.Where(u => u.ReportingCycleId == openId).Select(u => (ProgressUpdateStatus?)u.Status).FirstOrDefault(),
                })
                .Where(s => s.State == null || s.State == ProgressUpdateStatus.Draft || s.State == ProgressUpdateStatus.Returned)
                .OrderBy(s => s.Title).ThenBy(s => s.Id)
                .Take(ListSize)
                .Select(s => new PartnerLine
                {
                    Due = true, Key = s.Id, CommitmentId = s.Id, Title = s.Title, State = s.State, Year = 0, Comment = null,
                });
            lines = due.Concat(lines);
        }
        // Ordered again as a whole, by the database (its collation, as every list of titles).
        var read = await lines.OrderBy(l => l.Due).ThenBy(l => l.Title).ThenBy(l => l.Key).ToListAsync(ct);
        var dueRows = read.Where(l => l.Due)
            .Select(l => new DueRow(l.CommitmentId, l.Title, l.State))
            .ToList();
        var returnedUpdates = read.Where(l => !l.Due)
            .Select(l => new ReturnedUpdateRow(l.CommitmentId, l.Title, l.Year, l.Comment))
            .ToList();

        var openOption = open is null ? null : new CycleOption(open.Id, open.Year, open.FrozenAt != null);
        return new PartnerDashboard(name ?? "", byStatus, openOption, open?.UpdatesDueOn, reporting, stillToReport, dueRows, returnedUpdates);
    }

    /// <summary>A line of either list of a partner's dashboard, so that both come in one statement.</summary>
    private sealed class PartnerLine
    {
        public bool Due { get; init; }
        public int Key { get; init; }
        public int CommitmentId { get; init; }
        public string Title { get; init; } = "";
        public ProgressUpdateStatus? State { get; init; }
        public int Year { get; init; }
        public string? Comment { get; init; }
    }

    private enum ReferenceKind
    {
        Version = 0,
        Cycle = 1,
        Theme = 2,
        Region = 3,
    }

    /// <summary>A row of the reference data: the data version, a cycle, a theme or a landsdeel.</summary>
    private sealed class ReferenceRow
    {
        public ReferenceKind Kind { get; init; }
        public int Id { get; init; }
        /// <summary>The cycle's year, the theme's sort order, the landsdeel's id: the order of each list.</summary>
        public int Number { get; init; }
        public string? Name { get; init; }
        public string? Code { get; init; }
        public DateOnly? FreezesOn { get; init; }
        public DateTime? FrozenAt { get; init; }
        public long Version { get; init; }
    }

    /// <summary>
    /// The cycles (what <see cref="ProgressReporting.OpenCycle"/> needs of them), themes, landsdelen and the
    /// value of the data version (<see cref="DashboardCache.VersionAsync"/>) as one UNION ALL: a few dozen
    /// rows whatever the number of commitments. Ordered by the database as each list was before: cycles
    /// by year, themes by sort order and name, landsdelen by id.
    /// </summary>
    private async Task<List<ReferenceRow>> ReferenceAsync(CancellationToken ct)
    {
        var version = db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersion.Summaries)
            .Select(v => new ReferenceRow
            {
                Kind = ReferenceKind.Version, Id = v.Id, Number = 0, Name = null, Code = null, FreezesOn = null, FrozenAt = null, Version = v.Value,
            });
        var cycles = db.ReportingCycles.AsNoTracking()
            .Select(c => new ReferenceRow
            {
                Kind = ReferenceKind.Cycle, Id = c.Id, Number = c.Year, Name = null, Code = null, FreezesOn = c.FreezesOn, FrozenAt = c.FrozenAt, Version = 0L,
            });
        var themes = db.Themes.AsNoTracking()
            .Select(t => new ReferenceRow
            {
                Kind = ReferenceKind.Theme, Id = t.Id, Number = t.SortOrder, Name = t.Name, Code = null, FreezesOn = null, FrozenAt = null, Version = 0L,
            });
        var regions = db.Regions.AsNoTracking()
            .Select(r => new ReferenceRow
            {
                Kind = ReferenceKind.Region, Id = r.Id, Number = r.Id, Name = r.Name, Code = r.Code, FreezesOn = null, FrozenAt = null, Version = 0L,
            });
        return await version.Concat(cycles).Concat(themes).Concat(regions)
            .OrderBy(r => r.Kind).ThenBy(r => r.Number).ThenBy(r => r.Name).ThenBy(r => r.Id)
            .ToListAsync(ct);
    }

    private static IQueryable<Commitment> Narrow(IQueryable<Commitment> query, int? themeId, int? regionId)
    {
        if (themeId is { } t)
        {
            query = query.Where(c => c.Themes.Any(x => x.Id == t));
        }
        if (regionId is { } r)
        {
            query = query.Where(c => c.Organization!.RegionId == r);
        }
        return query;
    }

    private static readonly Expression<Func<Commitment, bool>> UnderRevision =
        c => c.ApprovedRevision != null && c.Status != CommitmentStatus.Approved && c.Status != CommitmentStatus.Withdrawn;

    private static Expression<Func<Commitment, bool>> Not(Expression<Func<Commitment, bool>> e) =>
        Expression.Lambda<Func<Commitment, bool>>(Expression.Not(e.Body), e.Parameters);
}
