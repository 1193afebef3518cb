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

        // Reference data: small, read whole (three queries). The cycles are read whole so that the
        // open cycle is picked from them (ProgressReporting.OpenCycle) instead of asked for again.
        var cycleRows = await db.ReportingCycles.AsNoTracking().OrderBy(c => c.Year).ToListAsync(ct);
        var cycles = cycleRows.Select(c => new CycleOption(c.Id, c.Year, c.FrozenAt != null)).ToList();
        var themes = (await db.Themes.AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Name)
            .Select(t => new { t.Id, t.Name }).ToListAsync(ct)).Select(t => new ThemeOption(t.Id, t.Name)).ToList();
        var regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Code, r.Name }).ToListAsync(ct)).Select(r => new RegionOption(r.Id, r.Code, r.Name)).ToList();
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
        // one query for the counter instead of the eight that compute them.
        var cycleId = cycle?.Id ?? 0;
        var version = await DashboardCache.VersionAsync(db, ct);
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
    /// reported in the open cycle (<paramref name="openCycleId"/>, null when none is open). Eight queries.
    /// </summary>
    private async Task<DashboardFigures> FiguresAsync(int year, int cycleId, int? openCycleId, int? themeId, int? regionId, CancellationToken ct)
    {
        var openId = openCycleId ?? -1;
        // One grouped query gives the counts by status, the pledged budgets, the share reported in the
        // open cycle and the trend of announced commitments: every commitment of the scope (narrowed by
        // the filters) falls in a group by landsdeel, year, status and the few facts those figures test,
        // a few hundred groups at national scale. It replaced five queries that each read every
        // commitment (docs/performance.md, "Dashboard, not-reported and review queue at scale").
        var facts = await Narrow(db.Commitments.AsNoTracking(), themeId, regionId)
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
            .Select(g => new
            {
                g.Key.RegionId, g.Key.Year, g.Key.Status, g.Key.Revised, g.Key.Active, g.Key.HasBudget, g.Key.Done,
                Count = g.Count(),
                // The lead's part as one product per row, divided once per group.
                Budget = g.Sum(c => c.BudgetEuros ?? 0m),
                LeadTimesPercent = g.Sum(c => (c.BudgetEuros ?? 0m) * c.LeadSharePercent),
            })
            .ToListAsync(ct);
        // The same rules as the expressions the report and progress pages use (AnnualReportBuilder.InReport,
        // UnderRevision, ProgressReporting.Reports), applied to the groups.
        bool UnderRevisionGroup(CommitmentStatus status, bool revised) =>
            revised && status != CommitmentStatus.Approved && status != CommitmentStatus.Withdrawn;
        bool Announced(CommitmentStatus status, bool revised) => status != CommitmentStatus.Draft || revised;
        bool ReportsGroup(CommitmentStatus status, bool revised) =>
            status == CommitmentStatus.Approved || (revised && status != CommitmentStatus.Withdrawn);

        // Status per landsdeel, as the report counts it: a newer revision under way counts as the approved one.
        var statusRows = facts.Where(f => f.Year <= year)
            .GroupBy(f => new { f.RegionId, Status = UnderRevisionGroup(f.Status, f.Revised) ? CommitmentStatus.Approved : f.Status })
            .Select(g => new { g.Key.RegionId, g.Key.Status, Count = g.Sum(f => f.Count) })
            .ToList();

        // Every commitment of the scope up to the chosen year, narrowed by the filters.
        var commitments = Narrow(db.Commitments.AsNoTracking().Where(c => c.ReportingCycle!.Year <= year), themeId, regionId);
        var inReport = commitments.Where(AnnualReportBuilder.InReport(year));

        // A revision under way is counted with the themes and budget it was approved with (as in the
        // report); those few rows are read whole, all others are aggregated in SQL.
        var revisions = (await inReport.Where(UnderRevision)
                .Select(c => new { c.Id, c.Organization!.RegionId, c.ApprovedContent })
                .ToListAsync(ct))
            .Select(c => (c.Id, c.RegionId, Content: CommitmentContent.FromJson(c.ApprovedContent)))
            .Where(c => c.Content != null)
            .Select(c => (c.Id, c.RegionId, Content: c.Content!))
            .ToList();
        var current = inReport.Where(Not(UnderRevision));

        var themeCounts = await current.SelectMany(c => c.Themes)
            .GroupBy(t => t.Id).Select(g => new { ThemeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.ThemeId, g => g.Count, ct);
        foreach (var theme in revisions.SelectMany(r => r.Content.Themes))
        {
            themeCounts[theme.Id] = themeCounts.GetValueOrDefault(theme.Id) + 1;
        }

        // Budget: withdrawn commitments left out (no longer promised); a joint commitment's budget
        // divided over its participants by their shares, each part counted in the participant's own
        // landsdeel (the report's attribution), so nothing is counted twice.
        var leadParts = facts
            .Where(f => f.Year <= year && Announced(f.Status, f.Revised) && !UnderRevisionGroup(f.Status, f.Revised)
                        && f.Status != CommitmentStatus.Withdrawn && f.HasBudget)
            .GroupBy(f => f.RegionId)
            .Select(g => new { RegionId = g.Key, Total = g.Sum(f => f.Budget), Lead = g.Sum(f => f.LeadTimesPercent) / 100m })
            .ToList();
        var pledged = current.Where(c => c.Status != CommitmentStatus.Withdrawn && c.BudgetEuros != null);
        var partnerParts = await pledged
            .SelectMany(c => c.CoPartners, (c, p) => new { p.Organization!.RegionId, Part = c.BudgetEuros!.Value * p.SharePercent })
            .GroupBy(p => p.RegionId)
            .Select(g => new { RegionId = g.Key, Part = g.Sum(p => p.Part) / 100m })
            .ToListAsync(ct);
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
            var reportingGroups = facts.Where(f => f.Active && ReportsGroup(f.Status, f.Revised)).ToList();
            reporting = reportingGroups.Sum(f => f.Count);
            reported = reportingGroups.Where(f => f.Done).Sum(f => f.Count);
        }

        // Indicators of the chosen cycle's filed updates, by how far they came from baseline to target.
        // Worked out in whole cents as floating point numbers, which both databases compute natively and
        // exactly (whole numbers far below 2^53): SQLite keeps decimals as text, and dividing them
        // through EF's decimal functions, called per value, took seconds at national scale. Comparing
        // 4·(value − baseline) with 3·(target − baseline) instead of dividing keeps the bands exact.
        var bands = await Narrow(db.Commitments.AsNoTracking(), themeId, regionId)
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
            .Select(g => new { Band = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Band, g => g.Count, ct);

        // The trend: commitments announced per year, updates filed per year and how they were doing.
        var announced = facts.Where(f => Announced(f.Status, f.Revised))
            .GroupBy(f => f.Year).ToDictionary(g => g.Key, g => g.Sum(f => f.Count));
        var filed = await Narrow(db.Commitments.AsNoTracking(), themeId, regionId)
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.Status != ProgressUpdateStatus.Draft)
            .GroupBy(u => new { u.ReportingCycle!.Year, u.Health })
            .Select(g => new { g.Key.Year, g.Key.Health, Count = g.Count() })
            .ToListAsync(ct);
        return new DashboardFigures(
            statusRows.Select(r => (r.RegionId, r.Status, r.Count)).ToList(),
            themeCounts, attributed, total, reporting, reported, bands, announced,
            filed.Select(f => (f.Year, f.Health, f.Count)).ToList());
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
