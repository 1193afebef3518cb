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
public sealed class DashboardQueries(CommitmentsDbContext db, TimeProvider time)
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

        // Reference data: small, read whole (three queries).
        var cycles = await db.ReportingCycles.AsNoTracking().OrderBy(c => c.Year)
            .Select(c => new CycleOption(c.Id, c.Year, c.FrozenAt != null)).ToListAsync(ct);
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
        var open = await ProgressReporting.OpenCycleAsync(db, time, ct);
        var openCycle = open is null ? null : cycles.FirstOrDefault(c => c.Id == open.Id);
        // By default the cycle being reported on now, else the latest.
        var cycle = filter.Year is { } y ? cycles.First(c => c.Year == y) : openCycle ?? cycles.LastOrDefault();
        var year = cycle?.Year ?? 0;
        var regionId = filter.RegionCode is { } code ? regions.First(r => r.Code == code).Id : (int?)null;

        // Every commitment of the scope up to the chosen year, narrowed by the filters.
        var commitments = Narrow(db.Commitments.AsNoTracking().Where(c => c.ReportingCycle!.Year <= year), filter.ThemeId, regionId);
        var inReport = commitments.Where(AnnualReportBuilder.InReport(year));

        // Status per landsdeel, as the report counts it: a newer revision under way counts as the approved one.
        var statusRows = await commitments
            .Select(c => new
            {
                c.Organization!.RegionId,
                Status = c.ApprovedRevision != null && c.Status != CommitmentStatus.Approved && c.Status != CommitmentStatus.Withdrawn
                    ? CommitmentStatus.Approved : c.Status,
            })
            .GroupBy(c => new { c.RegionId, c.Status })
            .Select(g => new { g.Key.RegionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);

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
        var pledged = current.Where(c => c.Status != CommitmentStatus.Withdrawn && c.BudgetEuros != null);
        var leadParts = await pledged
            .GroupBy(c => c.Organization!.RegionId)
            .Select(g => new { RegionId = g.Key, Total = g.Sum(c => c.BudgetEuros!.Value), Lead = g.Sum(c => c.BudgetEuros!.Value * c.LeadSharePercent / 100m) })
            .ToListAsync(ct);
        var partnerParts = await pledged
            .SelectMany(c => c.CoPartners, (c, p) => new { p.Organization!.RegionId, Part = c.BudgetEuros!.Value * p.SharePercent / 100m })
            .GroupBy(p => p.RegionId)
            .Select(g => new { RegionId = g.Key, Part = g.Sum(p => p.Part) })
            .ToListAsync(ct);
        var revisionPartnerIds = revisions.SelectMany(r => r.Content.CoPartners.Select(p => p.OrganizationId)).Distinct().ToList();
        var partnerRegions = await db.Organizations.AsNoTracking().Where(o => revisionPartnerIds.Contains(o.Id))
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

        var perRegion = regions
            .Where(r => regionId == null || r.Id == regionId)
            .Select(r => new RegionFigures(
                r,
                statusRows.Where(s => s.RegionId == r.Id).ToDictionary(s => s.Status, s => s.Count),
                Math.Round(attributed.GetValueOrDefault(r.Id), 2)))
            .ToList();
        var perTheme = themes
            .Where(t => themeCounts.ContainsKey(t.Id) && (filter.ThemeId == null || t.Id == filter.ThemeId))
            .Select(t => (t, themeCounts[t.Id]))
            .ToList();

        // Share reported in the open cycle: of the commitments that report progress (organisations
        // still active, as on the "not reported" page), those with a submitted or approved update.
        var reporting = 0;
        var reported = 0;
        if (openCycle is { } oc)
        {
            var shares = await Narrow(db.Commitments.AsNoTracking(), filter.ThemeId, regionId)
                .Where(ProgressReporting.Reports)
                .Where(c => c.Organization!.DeactivatedAt == null)
                .Select(c => c.ProgressUpdates.Any(u => u.ReportingCycleId == oc.Id
                    && (u.Status == ProgressUpdateStatus.Submitted || u.Status == ProgressUpdateStatus.Approved)))
                .GroupBy(done => done)
                .Select(g => new { Done = g.Key, Count = g.Count() })
                .ToListAsync(ct);
            reporting = shares.Sum(s => s.Count);
            reported = shares.Where(s => s.Done).Sum(s => s.Count);
        }

        // Indicators of the chosen cycle's filed updates, by how far they came from baseline to target.
        var cycleId = cycle?.Id ?? 0;
        var bands = await Narrow(db.Commitments.AsNoTracking(), filter.ThemeId, regionId)
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.ReportingCycleId == cycleId && u.Status != ProgressUpdateStatus.Draft)
            .SelectMany(u => u.Values)
            .Select(v => v.Indicator!.Target == null || v.Indicator.Target == v.Indicator.Baseline ? ProgressBand.NoTarget
                : (v.Value - v.Indicator.Baseline) / (v.Indicator.Target.Value - v.Indicator.Baseline) >= 1m ? ProgressBand.Reached
                : (v.Value - v.Indicator.Baseline) / (v.Indicator.Target.Value - v.Indicator.Baseline) >= 0.75m ? ProgressBand.From75
                : (v.Value - v.Indicator.Baseline) / (v.Indicator.Target.Value - v.Indicator.Baseline) >= 0.5m ? ProgressBand.From50
                : (v.Value - v.Indicator.Baseline) / (v.Indicator.Target.Value - v.Indicator.Baseline) >= 0.25m ? ProgressBand.From25
                : ProgressBand.Below25)
            .GroupBy(b => b)
            .Select(g => new { Band = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Band, g => g.Count, ct);
        var indicatorProgress = Enum.GetValues<ProgressBand>().Select(b => (b, bands.GetValueOrDefault(b))).ToList();

        // The trend over all cycles: commitments in the report up to each year (cumulative, as the
        // report counts), and the updates filed in each year with how many of them were on track.
        var announced = await Narrow(db.Commitments.AsNoTracking(), filter.ThemeId, regionId)
            .Where(c => c.Status != CommitmentStatus.Draft || c.ApprovedRevision != null)
            .GroupBy(c => c.ReportingCycle!.Year)
            .Select(g => new { Year = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Year, g => g.Count, ct);
        var filed = await Narrow(db.Commitments.AsNoTracking(), filter.ThemeId, regionId)
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.Status != ProgressUpdateStatus.Draft)
            .GroupBy(u => new { u.ReportingCycle!.Year, u.Health })
            .Select(g => new { g.Key.Year, g.Key.Health, Count = g.Count() })
            .ToListAsync(ct);
        var running = 0;
        var trend = new List<TrendPoint>();
        foreach (var c in cycles)
        {
            running += announced.GetValueOrDefault(c.Year);
            trend.Add(new TrendPoint(c.Year, running,
                filed.Where(f => f.Year == c.Year).Sum(f => f.Count),
                filed.Where(f => f.Year == c.Year && f.Health == ProgressHealth.OnTrack).Sum(f => f.Count)));
        }

        return new OverviewDashboard(filter, cycles, themes, regions, cycle, openCycle, perTheme, perRegion,
            reporting, reported, indicatorProgress, trend, Math.Round(total, 2));
    }

    /// <summary>A partner's own commitments by status and the progress updates it still owes in the open cycle.</summary>
    public async Task<PartnerDashboard> PartnerAsync(int own, CancellationToken ct)
    {
        var mine = db.Commitments.AsNoTracking().Where(c => c.OrganizationId == own);
        var byStatus = (await mine.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count)).ToList();

        var open = await ProgressReporting.OpenCycleAsync(db, time, ct);
        var due = new List<DueRow>();
        int reporting = 0, stillToReport = 0;
        if (open is not null)
        {
            var states = mine.Where(ProgressReporting.Reports)
                .Select(c => new
                {
                    c.Id,
                    c.Title,
                    State = c.ProgressUpdates.Where(u => u.ReportingCycleId == open.Id).Select(u => (ProgressUpdateStatus?)u.Status).FirstOrDefault(),
                });
            var counts = await states
                .GroupBy(s => s.State == ProgressUpdateStatus.Submitted || s.State == ProgressUpdateStatus.Approved)
                .Select(g => new { Done = g.Key, Count = g.Count() })
                .ToListAsync(ct);
            reporting = counts.Sum(c => c.Count);
            stillToReport = counts.Where(c => !c.Done).Sum(c => c.Count);
            due = (await states
                    .Where(s => s.State == null || s.State == ProgressUpdateStatus.Draft || s.State == ProgressUpdateStatus.Returned)
                    .OrderBy(s => s.Title).ThenBy(s => s.Id)
                    .Take(ListSize)
                    .ToListAsync(ct))
                .Select(s => new DueRow(s.Id, s.Title, s.State))
                .ToList();
        }

        var returnedUpdates = (await mine.SelectMany(c => c.ProgressUpdates)
                .Where(u => u.Status == ProgressUpdateStatus.Returned)
                .OrderBy(u => u.Commitment!.Title).ThenBy(u => u.Id)
                .Take(ListSize)
                .Select(u => new { u.CommitmentId, u.Commitment!.Title, u.ReportingCycle!.Year, u.ReturnComment })
                .ToListAsync(ct))
            .Select(u => new ReturnedUpdateRow(u.CommitmentId, u.Title, u.Year, u.ReturnComment))
            .ToList();

        var openOption = open is null ? null : new CycleOption(open.Id, open.Year, open.FrozenAt != null);
        return new PartnerDashboard(byStatus, openOption, open?.UpdatesDueOn, reporting, stillToReport, due, returnedUpdates);
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
