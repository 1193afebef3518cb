using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Reporting;

/// <summary>
/// Builds the voortgangsrapportage of one reporting cycle as an Excel workbook. What it contains is
/// decided by the context's data scope, which the context applies to every query: a national scope
/// gives the national report, a regional lead's scope the report of that landsdeel. This class never
/// filters by tenant itself.
/// </summary>
public sealed class AnnualReportBuilder(CommitmentsDbContext db, TimeProvider time)
{
    private static readonly CompareInfo DutchCompare = DutchLabels.Culture.CompareInfo;

    public async Task<ReportFile> BuildAsync(int cycleYear, CancellationToken ct)
    {
        var scope = db.Scope;
        if (!scope.SeesEverything && scope.Kind != DataScopeKind.Region)
        {
            // Partners (and a missing scope) do not download the national report; checked before
            // anything is read, so the refusal does not even reveal which cycles exist.
            throw new ReportScopeNotAllowedException(scope);
        }

        var regions = await db.Regions.AsNoTracking()
            .OrderBy(r => r.Id)
            .Select(r => new RegionRef(r.Id, r.Name))
            .ToListAsync(ct);
        string scopeLabel;
        if (scope.SeesEverything)
        {
            scopeLabel = "Nationaal";
        }
        else
        {
            // Regions are reference data without a tenant filter: a regional report shows its own only.
            regions = regions.Where(r => r.Id == scope.RegionId).ToList();
            scopeLabel = "Landsdeel " + (regions.SingleOrDefault()?.Name ?? throw new ReportScopeNotAllowedException(scope));
        }

        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.Year == cycleYear)
            .Select(c => new { c.Id, c.Year })
            .SingleOrDefaultAsync(ct)
            ?? throw new ReportCycleNotFoundException(cycleYear);

        var model = await LoadAsync(cycle.Id, cycle.Year, scopeLabel, regions, ct);
        var content = AnnualReportWorkbook.Write(model);
        return new ReportFile(FileName(cycle.Year, scopeLabel), content);
    }

    /// <summary>
    /// Which commitments are in the report: those announced in the cycle's year or earlier (the pact
    /// reports cumulatively), in every status except Concept. A draft is not yet a pact commitment —
    /// it has not been submitted and may never be — so it is counted on the summary but not listed.
    /// Returned and withdrawn commitments are listed with their status, so that nothing a partner
    /// once promised silently disappears from the ministers' view. A new revision of an approved
    /// commitment (a draft again) is listed as the revision that was approved.
    /// </summary>
    internal static Expression<Func<Commitment, bool>> InReport(int year) =>
        c => (c.Status != CommitmentStatus.Draft || c.ApprovedRevision != null) && c.ReportingCycle!.Year <= year;

    private async Task<AnnualReportModel> LoadAsync(
        int cycleId, int year, string scopeLabel, List<RegionRef> regions, CancellationToken ct)
    {
        // A fixed handful of queries, whatever the number of commitments: the commitments themselves,
        // then one query per kind of child data, joined in memory by commitment id. Decimals are
        // aggregated here, not in SQL, because SQLite stores them as text.
        var inReport = db.Commitments.AsNoTracking().Where(InReport(year));

        var commitments = await inReport
            .Select(c => new CommitmentRow(
                c.Id,
                c.Title,
                c.Organization!.Name,
                c.Organization.KvkNumber,
                c.Organization.Type,
                c.Organization.RegionId,
                c.Organization.Province!.Name,
                c.Status,
                c.StartDate,
                c.EndDate,
                c.BudgetEuros,
                c.InKindDescription,
                c.LeadSharePercent,
                // While a newer revision is drafted or reviewed, the approved one is what counts.
                c.Status != CommitmentStatus.Approved && c.Status != CommitmentStatus.Withdrawn && c.ApprovedRevision != null
                    ? c.ApprovedContent
                    : null))
            .ToListAsync(ct);
        commitments = commitments.Select(AsApproved).ToList();

        var themeLinks = await inReport
            .SelectMany(c => c.Themes, (c, t) => new { CommitmentId = c.Id, ThemeId = t.Id })
            .ToListAsync(ct);

        var coPartners = (await inReport
            .SelectMany(c => c.CoPartners)
            .Select(p => new CoPartnerRow(p.CommitmentId, p.OrganizationId, p.SharePercent, p.Response))
            .ToListAsync(ct)).ToList();

        // Names and regions of the co-partners (also those of an approved revision that the current
        // draft no longer names): one query for all.
        var approvedRevisions = commitments.Where(c => c.Approved != null).ToDictionary(c => c.Id, c => c.Approved!);
        var partnerIds = coPartners.Select(p => p.OrganizationId)
            .Concat(approvedRevisions.Values.SelectMany(r => r.CoPartners.Select(p => p.OrganizationId)))
            .Distinct().ToList();
        var partnerOrganizations = await db.Organizations.AsNoTracking()
            .Where(o => partnerIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.RegionId })
            .ToDictionaryAsync(o => o.Id, ct);
        // A commitment under revision: the co-partners and shares as approved (all had confirmed).
        coPartners.RemoveAll(p => approvedRevisions.ContainsKey(p.CommitmentId));
        coPartners.AddRange(approvedRevisions.SelectMany(r => r.Value.CoPartners.Select(p =>
            new CoPartnerRow(r.Key, p.OrganizationId, p.SharePercent, CoPartnerResponse.Confirmed))));

        var indicatorCounts = await inReport
            .SelectMany(c => c.Indicators)
            .GroupBy(i => i.CommitmentId)
            .Select(g => new { CommitmentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.CommitmentId, x => x.Count, ct);

        // Progress as reported: a draft update has not been filed yet, so it does not count.
        var progress = await inReport
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.Status != ProgressUpdateStatus.Draft && u.ReportingCycle!.Year <= year)
            .Select(u => new { u.CommitmentId, u.ReportingCycle!.Year, u.Health })
            .ToListAsync(ct);

        var themes = await db.Themes.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.SortOrder, InCycle = t.Cycles.Any(c => c.Id == cycleId) })
            .ToListAsync(ct);

        var draftCount = await db.Commitments
            .CountAsync(c => c.Status == CommitmentStatus.Draft && c.ApprovedRevision == null && c.ReportingCycle!.Year <= year, ct);

        // The queries above are separate reads: a commitment saved in between may show up in a child
        // query only. Everything below is keyed on the commitments actually loaded, so the summary and
        // the list always agree.
        var loaded = commitments.Select(c => c.Id).ToHashSet();
        themeLinks.RemoveAll(l => !loaded.Contains(l.CommitmentId) || approvedRevisions.ContainsKey(l.CommitmentId));
        themeLinks.AddRange(approvedRevisions.SelectMany(r => r.Value.Themes.Select(t => new { CommitmentId = r.Key, ThemeId = t.Id })));
        coPartners.RemoveAll(p => !loaded.Contains(p.CommitmentId));

        var themeOrder = themes
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select((t, index) => (t.Id, t.Name, t.InCycle, Index: index))
            .ToDictionary(t => t.Id);
        var themesOf = themeLinks.ToLookup(l => l.CommitmentId, l => themeOrder[l.ThemeId]);
        var coPartnersOf = coPartners.ToLookup(p => p.CommitmentId);
        string PartnerName(int id) => partnerOrganizations.TryGetValue(id, out var o) ? o.Name : "";
        // "Naam (40%)", and "niet bevestigd" until the co-partner has confirmed its part.
        string CoPartnerText(CoPartnerRow p) =>
            $"{PartnerName(p.OrganizationId)} ({Percent(p.SharePercent)}{(p.Response == CoPartnerResponse.Confirmed ? "" : ", niet bevestigd")})";
        var latestOf = progress
            .GroupBy(p => p.CommitmentId)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Year)!);
        var regionIndex = regions.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var regionName = regions.ToDictionary(r => r.Id, r => r.Name);

        var lines = commitments
            .OrderBy(c => regionIndex.GetValueOrDefault(c.RegionId, int.MaxValue))
            .ThenBy(c => c.LeadOrganization, Comparer<string>.Create((a, b) => DutchCompare.Compare(a, b, CompareOptions.IgnoreCase)))
            .ThenBy(c => c.Id)
            .Select(c =>
            {
                var latest = latestOf.GetValueOrDefault(c.Id);
                return new CommitmentLine(
                    c.Id,
                    c.Title,
                    c.LeadOrganization,
                    c.KvkNumber,
                    c.OrganizationType,
                    regionName.GetValueOrDefault(c.RegionId, ""),
                    c.Province,
                    string.Join(", ", themesOf[c.Id].OrderBy(t => t.Index).Select(t => t.Name)),
                    string.Join(", ", coPartnersOf[c.Id].Select(CoPartnerText).Order(StringComparer.Ordinal)),
                    c.Status,
                    c.StartDate,
                    c.EndDate,
                    c.BudgetEuros,
                    c.InKind,
                    indicatorCounts.GetValueOrDefault(c.Id),
                    latest?.Health,
                    latest?.Year);
            })
            .ToList();

        var statusCounts = Enum.GetValues<CommitmentStatus>()
            .Select(s => new StatusCount(s, s == CommitmentStatus.Draft ? draftCount : commitments.Count(c => c.Status == s)))
            .ToList();

        // Budget totals leave withdrawn commitments out: that money is no longer promised. The
        // summary's labels say so.
        static decimal Budget(IEnumerable<CommitmentRow> rows) =>
            rows.Where(c => c.Status != CommitmentStatus.Withdrawn).Sum(c => c.BudgetEuros ?? 0m);

        // Attribution: a joint commitment's budget is divided over its participants by their shares
        // and each part counted in the participant's own landsdeel, so it is never counted twice.
        var attributed = new Dictionary<int, decimal>();
        foreach (var c in commitments.Where(c => c.Status != CommitmentStatus.Withdrawn && c.BudgetEuros is > 0))
        {
            var budget = c.BudgetEuros!.Value;
            attributed[c.RegionId] = attributed.GetValueOrDefault(c.RegionId) + budget * c.LeadSharePercent / 100m;
            foreach (var p in coPartnersOf[c.Id])
            {
                if (partnerOrganizations.TryGetValue(p.OrganizationId, out var o))
                {
                    attributed[o.RegionId] = attributed.GetValueOrDefault(o.RegionId) + budget * p.SharePercent / 100m;
                }
            }
        }
        var byRegion = commitments.ToLookup(c => c.RegionId);
        var regionSummaries = regions
            .Select(r => new RegionSummary(
                r.Name,
                byRegion[r.Id].Count(),
                byRegion[r.Id].Count(c => c.Status == CommitmentStatus.Approved),
                Math.Round(attributed.GetValueOrDefault(r.Id), 2)))
            .ToList();

        // The cycle's themes, each with its count (also when none), plus any older theme still used.
        // A commitment's budget is divided evenly over its themes, so the theme budgets add up to the total.
        var perTheme = themeLinks.GroupBy(l => l.ThemeId).ToDictionary(g => g.Key, g => g.Count());
        var themesPerCommitment = themeLinks.GroupBy(l => l.CommitmentId).ToDictionary(g => g.Key, g => g.Count());
        var budgetOf = commitments.Where(c => c.Status != CommitmentStatus.Withdrawn).ToDictionary(c => c.Id, c => c.BudgetEuros ?? 0m);
        var themeBudget = themeLinks
            .GroupBy(l => l.ThemeId)
            .ToDictionary(g => g.Key, g => g.Sum(l => budgetOf.GetValueOrDefault(l.CommitmentId) / themesPerCommitment[l.CommitmentId]));
        var themeSummaries = themeOrder.Values
            .Where(t => t.InCycle || perTheme.ContainsKey(t.Id))
            .OrderBy(t => t.Index)
            .Select(t => new ThemeSummary(t.Name, perTheme.GetValueOrDefault(t.Id), Math.Round(themeBudget.GetValueOrDefault(t.Id), 2)))
            .ToList();

        var generatedAt = AmsterdamTime.Now(time);
        return new AnnualReportModel(
            year,
            scopeLabel,
            new DateTime(generatedAt.Year, generatedAt.Month, generatedAt.Day, generatedAt.Hour, generatedAt.Minute, 0),
            statusCounts,
            draftCount,
            Budget(commitments),
            regionSummaries,
            themeSummaries,
            lines);
    }

    /// <summary>"Voortgangsrapportage-Techniekpact-2018-Landsdeel-Zuid.xlsx": safe in any browser and file system.</summary>
    internal static string FileName(int year, string scopeLabel)
    {
        var name = new StringBuilder($"Voortgangsrapportage-Techniekpact-{year}-");
        var dash = false;
        foreach (var ch in scopeLabel.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                name.Append(ch);
                dash = false;
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark && !dash)
            {
                name.Append('-');
                dash = true;
            }
        }
        return name.ToString().TrimEnd('-') + ".xlsx";
    }

    private sealed record RegionRef(int Id, string Name);

    private sealed record CoPartnerRow(int CommitmentId, int OrganizationId, decimal SharePercent, CoPartnerResponse Response);

    private static string Percent(decimal p) => p.ToString("0.##", DutchLabels.Culture) + "%";

    /// <summary>A commitment under revision as it was approved: the approved revision is what the report shows.</summary>
    private static CommitmentRow AsApproved(CommitmentRow row)
    {
        if (CommitmentContent.FromJson(row.ApprovedContentJson) is not { } approved)
        {
            return row;
        }
        return row with
        {
            Title = approved.Title,
            Status = CommitmentStatus.Approved,
            StartDate = approved.StartDate,
            EndDate = approved.EndDate,
            BudgetEuros = approved.BudgetEuros,
            InKind = approved.InKindDescription,
            LeadSharePercent = approved.LeadSharePercent,
            Approved = approved,
        };
    }

    private sealed record CommitmentRow(
        int Id,
        string Title,
        string LeadOrganization,
        string? KvkNumber,
        OrganizationType OrganizationType,
        int RegionId,
        string? Province,
        CommitmentStatus Status,
        DateOnly? StartDate,
        DateOnly? EndDate,
        decimal? BudgetEuros,
        string? InKind,
        decimal LeadSharePercent,
        string? ApprovedContentJson)
    {
        /// <summary>The approved revision, when the row shows it in place of a newer revision under way.</summary>
        public CommitmentContent? Approved { get; init; }
    }
}
