using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Pages.Progress;
using Commitments.Web.Progress;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Reporting;

/// <summary>
/// Builds the voortgangsrapportage of one reporting cycle as an Excel workbook. What it contains is
/// decided by the context's data scope, which the context applies to every query: a national scope
/// gives the national report, a regional lead's scope the report of that landsdeel, a partner's scope
/// the report of its own organisation (what it leads or is co-partner in). This class never filters by
/// tenant itself.
/// </summary>
/// <remarks>
/// The workbook is streamed (ADR-0015): the commitments are read as compact rows, child data is
/// aggregated while it is read, the progress narratives go straight from the database into their sheet,
/// and each sheet is compressed into the output as it is written.
/// </remarks>
public sealed class AnnualReportBuilder(CommitmentsDbContext db, TimeProvider time)
{
    private static readonly CompareInfo DutchCompare = DutchLabels.Culture.CompareInfo;
    private static readonly Comparer<string> DutchOrder =
        Comparer<string>.Create((a, b) => DutchCompare.Compare(a, b, CompareOptions.IgnoreCase));

    public Task<ReportFile> BuildAsync(int cycleYear, CancellationToken ct) => BuildAsync(cycleYear, null, ct);

    /// <summary>The report as bytes, reporting how far it is (0–100) to <paramref name="percentDone"/>.</summary>
    public async Task<ReportFile> BuildAsync(int cycleYear, IProgress<int>? percentDone, CancellationToken ct)
    {
        using var content = new MemoryStream();
        var fileName = await BuildAsync(cycleYear, content, percentDone, null, ct);
        return new ReportFile(fileName, content.ToArray());
    }

    /// <summary>
    /// Writes the report into <paramref name="output"/> (which need not seek: a file or a response body)
    /// and returns the name to offer it under. <paramref name="madeBy"/> names who asked for it in the
    /// sheet "Toelichting"; by default the data scope's description.
    /// </summary>
    public async Task<string> BuildAsync(int cycleYear, Stream output, IProgress<int>? percentDone, string? madeBy, CancellationToken ct)
    {
        var scope = db.Scope;
        if (!scope.SeesEverything && scope.Kind is not (DataScopeKind.Region or DataScopeKind.Organization))
        {
            // A missing scope (a role without its region or organisation) gets no report; checked
            // before anything is read, so the refusal does not even reveal which cycles exist.
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
        else if (scope.Kind == DataScopeKind.Region)
        {
            // Regions are reference data without a tenant filter: a regional report shows its own only.
            regions = regions.Where(r => r.Id == scope.RegionId).ToList();
            scopeLabel = "Landsdeel " + (regions.SingleOrDefault()?.Name ?? throw new ReportScopeNotAllowedException(scope));
        }
        else
        {
            var organization = await db.Organizations.AsNoTracking()
                .Where(o => o.Id == scope.OrganizationId)
                .Select(o => o.Name)
                .SingleOrDefaultAsync(ct) ?? throw new ReportScopeNotAllowedException(scope);
            scopeLabel = "Organisatie " + organization;
        }

        var cycle = await db.ReportingCycles.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Year == cycleYear, ct)
            ?? throw new ReportCycleNotFoundException(cycleYear);

        percentDone?.Report(0);
        var model = await LoadAsync(cycle, scopeLabel, regions, madeBy ?? scope.Description, percentDone, ct);
        await AnnualReportWorkbook.WriteAsync(model, output, percent => percentDone?.Report(40 + percent * 60 / 100), ct);
        percentDone?.Report(100);
        return FileName(cycle.Year, scopeLabel);
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
        ReportingCycle cycle, string scopeLabel, List<RegionRef> regions, string madeBy, IProgress<int>? percentDone, CancellationToken ct)
    {
        var year = cycle.Year;
        var cycleId = cycle.Id;
        // A fixed handful of queries, whatever the number of commitments: the commitments themselves,
        // then one query per kind of child data, joined in memory by commitment id. Decimals are
        // aggregated here, not in SQL, because SQLite stores them as text. Child rows that are only
        // needed as a figure (values, updates) are folded into their figure as they are read.
        var inReport = db.Commitments.AsNoTracking().Where(InReport(year));

        var commitments = new List<CommitmentRow>();
        await foreach (var row in inReport
            .Select(c => new CommitmentRow(
                c.Id,
                c.Title,
                c.OrganizationId,
                c.Organization!.Name,
                c.Organization.KvkNumber,
                c.Organization.Type,
                c.Organization.RegionId,
                c.Organization.DeactivatedAt == null,
                c.Organization.Province!.Name,
                c.Status,
                c.StartDate,
                c.EndDate,
                c.BudgetEuros,
                c.InKindDescription,
                c.ContactName,
                c.ContactEmail,
                c.LeadSharePercent,
                // While a newer revision is drafted or reviewed, the approved one is what counts.
                c.Status != CommitmentStatus.Approved && c.Status != CommitmentStatus.Withdrawn && c.ApprovedRevision != null
                    ? c.ApprovedContent
                    : null))
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            commitments.Add(AsApproved(row));
        }
        percentDone?.Report(10);
        var byId = commitments.ToDictionary(c => c.Id);

        var themeLinks = await inReport
            .SelectMany(c => c.Themes, (c, t) => new ThemeLink(c.Id, t.Id))
            .ToListAsync(ct);

        var coPartners = await inReport
            .SelectMany(c => c.CoPartners)
            .Select(p => new CoPartnerRow(p.CommitmentId, p.OrganizationId, p.SharePercent, p.Response))
            .ToListAsync(ct);

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

        // The indicators as they count (ProgressReporting.IndicatorsOf): the current ones, or those of
        // the approved revision while a newer one is in the works.
        var indicators = new List<IndicatorRow>();
        await foreach (var i in inReport
            .SelectMany(c => c.Indicators)
            .Select(i => new IndicatorRow(i.Id, i.CommitmentId, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, i.SortOrder))
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (approvedRevisions.TryGetValue(i.CommitmentId, out var approved))
            {
                var terms = approved.Indicators.Select((t, n) => (t, n)).FirstOrDefault(x => x.t.Id == i.Id);
                if (terms.t != null)
                {
                    indicators.Add(new IndicatorRow(i.Id, i.CommitmentId, terms.t.Name, terms.t.Unit, terms.t.Baseline, terms.t.Target, terms.t.TargetDate, terms.n));
                }
            }
            else if (byId.ContainsKey(i.CommitmentId))
            {
                indicators.Add(i);
            }
        }

        // The latest filed value of each indicator up to this cycle: folded as the values are read.
        var latestValues = new Dictionary<int, (int Year, decimal Value)>();
        await foreach (var v in db.IndicatorValues.AsNoTracking()
            .Where(v => v.ProgressUpdate!.Status != ProgressUpdateStatus.Draft && v.ProgressUpdate.ReportingCycle!.Year <= year)
            .Select(v => new { v.IndicatorId, v.ProgressUpdate!.ReportingCycle!.Year, v.Value })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!latestValues.TryGetValue(v.IndicatorId, out var known) || known.Year < v.Year)
            {
                latestValues[v.IndicatorId] = (v.Year, v.Value);
            }
        }
        percentDone?.Report(20);

        // Progress as reported: a draft update has not been filed yet, so it does not count. The latest
        // filed update per commitment, and this cycle's update (of any status) per commitment.
        var latestOf = new Dictionary<int, (int Year, ProgressHealth Health, DateTime? SubmittedAt)>();
        var cycleUpdateOf = new Dictionary<int, (ProgressUpdateStatus Status, ProgressHealth Health)>();
        var filedInCycle = 0;
        await foreach (var u in inReport
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.ReportingCycle!.Year <= year)
            .Select(u => new { u.CommitmentId, u.ReportingCycleId, u.ReportingCycle!.Year, u.Status, u.Health, u.SubmittedAt })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (u.ReportingCycleId == cycleId)
            {
                // One update per commitment and cycle (unique index); keep the furthest along regardless.
                if (!cycleUpdateOf.TryGetValue(u.CommitmentId, out var known) || Rank(u.Status) > Rank(known.Status))
                {
                    cycleUpdateOf[u.CommitmentId] = (u.Status, u.Health);
                }
                if (u.Status != ProgressUpdateStatus.Draft && byId.ContainsKey(u.CommitmentId))
                {
                    filedInCycle++;
                }
            }
            if (u.Status != ProgressUpdateStatus.Draft
                && (!latestOf.TryGetValue(u.CommitmentId, out var latest) || latest.Year < u.Year))
            {
                latestOf[u.CommitmentId] = (u.Year, u.Health, u.SubmittedAt);
            }
        }
        percentDone?.Report(30);

        var themes = await db.Themes.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.SortOrder, InCycle = t.Cycles.Any(c => c.Id == cycleId) })
            .ToListAsync(ct);

        var draftCount = await db.Commitments
            .CountAsync(c => c.Status == CommitmentStatus.Draft && c.ApprovedRevision == null && c.ReportingCycle!.Year <= year, ct);

        // The queries above are separate reads: a commitment saved in between may show up in a child
        // query only. Everything below is keyed on the commitments actually loaded, so the summary and
        // the lists always agree.
        themeLinks.RemoveAll(l => !byId.ContainsKey(l.CommitmentId) || approvedRevisions.ContainsKey(l.CommitmentId));
        themeLinks.AddRange(approvedRevisions.SelectMany(r => r.Value.Themes.Select(t => new ThemeLink(r.Key, t.Id))));
        themeLinks.RemoveAll(l => !themes.Any(t => t.Id == l.ThemeId));
        coPartners.RemoveAll(p => !byId.ContainsKey(p.CommitmentId));

        var themeOrder = themes
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select((t, index) => (t.Id, t.Name, t.InCycle, Index: index))
            .ToDictionary(t => t.Id);
        var themesOf = themeLinks.ToLookup(l => l.CommitmentId, l => themeOrder[l.ThemeId]);
        var coPartnersOf = coPartners.ToLookup(p => p.CommitmentId);
        var indicatorsOf = indicators.ToLookup(i => i.CommitmentId);
        string PartnerName(int id) => partnerOrganizations.TryGetValue(id, out var o) ? o.Name : "";
        // "Naam (40%)", and "niet bevestigd" until the co-partner has confirmed its part.
        string CoPartnerText(CoPartnerRow p) =>
            $"{PartnerName(p.OrganizationId)} ({Percent(p.SharePercent)}{(p.Response == CoPartnerResponse.Confirmed ? "" : ", niet bevestigd")})";
        var regionIndex = regions.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var regionName = regions.ToDictionary(r => r.Id, r => r.Name);
        var today = ProgressReporting.Today(time);

        // Progress per indicator, towards its target (the same formula as the progress pages).
        decimal? ProgressOf(IndicatorRow i) =>
            latestValues.TryGetValue(i.Id, out var v) ? ProgressReporting.ProgressPercent(v.Value, i.Baseline, i.Target) : null;

        var ordered = commitments
            .OrderBy(c => regionIndex.GetValueOrDefault(c.RegionId, int.MaxValue))
            .ThenBy(c => c.LeadOrganization, DutchOrder)
            .ThenBy(c => c.Id)
            .ToList();
        var lines = ordered
            .Select(c =>
            {
                (int Year, ProgressHealth Health, DateTime? SubmittedAt)? latest = latestOf.TryGetValue(c.Id, out var l) ? l : null;
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
                    c.ContactName,
                    c.ContactEmail,
                    indicatorsOf[c.Id].Count(),
                    latest?.Health,
                    latest?.Year,
                    latest?.SubmittedAt is { } at ? AmsterdamTime.ToAmsterdam(at) : null);
            })
            .ToList();

        var indicatorLines = ordered
            .SelectMany(c => indicatorsOf[c.Id].OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i =>
            {
                (int Year, decimal Value)? latest = latestValues.TryGetValue(i.Id, out var v) ? v : null;
                return new IndicatorLine(c.Id, c.Title, c.LeadOrganization, regionName.GetValueOrDefault(c.RegionId, ""),
                    i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, latest?.Value, latest?.Year, ProgressOf(i));
            }))
            .ToList();

        // "Niet gerapporteerd" means what the page "Wie heeft nog niet gerapporteerd" means: a commitment
        // that reports progress (approved, of an active organisation) whose update of this cycle is not
        // started, a draft or returned; overdue once the due date has passed (Amsterdam calendar).
        bool Reports(CommitmentRow c) => c.Status == CommitmentStatus.Approved;
        ReportState StateOf(int id) => ReportStates.From(cycleUpdateOf.TryGetValue(id, out var u) ? u.Status : null);
        var notReported = ordered
            .Where(c => Reports(c) && c.OrganizationActive && StateOf(c.Id).IsOpen())
            .OrderBy(c => c.LeadOrganization, DutchOrder).ThenBy(c => c.OrganizationId).ThenBy(c => c.Title, DutchOrder).ThenBy(c => c.Id)
            .Select(c =>
            {
                var state = cycleUpdateOf.TryGetValue(c.Id, out var u) ? u.Status : (ProgressUpdateStatus?)null;
                return new NotReportedLine(c.LeadOrganization, regionName.GetValueOrDefault(c.RegionId, ""), c.Id, c.Title,
                    ReportStates.From(state), ProgressReporting.IsOverdue(cycle, state, today), c.ContactName, c.ContactEmail);
            })
            .ToList();

        ProgressFigures Figures(IEnumerable<CommitmentRow> rows)
        {
            int reporting = 0, reported = 0, onTrack = 0, atRisk = 0, behind = 0;
            foreach (var c in rows.Where(c => Reports(c) && c.OrganizationActive))
            {
                reporting++;
                if (cycleUpdateOf.TryGetValue(c.Id, out var u) && u.Status is ProgressUpdateStatus.Submitted or ProgressUpdateStatus.Approved)
                {
                    reported++;
                    switch (u.Health)
                    {
                        case ProgressHealth.OnTrack: onTrack++; break;
                        case ProgressHealth.AtRisk: atRisk++; break;
                        default: behind++; break;
                    }
                }
            }
            return new ProgressFigures(reporting, reported, onTrack, atRisk, behind);
        }

        var statusCounts = Enum.GetValues<CommitmentStatus>()
            .Select(s => new StatusCount(s, s == CommitmentStatus.Draft ? draftCount : commitments.Count(c => c.Status == s)))
            .ToList();

        // Budget totals leave withdrawn commitments out: that money is no longer promised.
        static decimal BudgetOf(CommitmentRow c) => c.Status == CommitmentStatus.Withdrawn ? 0m : c.BudgetEuros ?? 0m;

        // Attribution: a joint commitment is divided over its participants by their shares, and each
        // part counted in the participant's own landsdeel, so it is counted once in all. Per theme, a
        // commitment with more themes is divided evenly over them.
        List<(int RegionId, decimal Share)> SharesOf(CommitmentRow c)
        {
            var shares = new List<(int, decimal)> { (c.RegionId, c.LeadSharePercent / 100m) };
            foreach (var p in coPartnersOf[c.Id])
            {
                if (partnerOrganizations.TryGetValue(p.OrganizationId, out var o))
                {
                    shares.Add((o.RegionId, p.SharePercent / 100m));
                }
            }
            return shares;
        }

        var regionAcc = regions.ToDictionary(r => r.Id, _ => new Accumulator());
        var themeAcc = themeOrder.Keys.ToDictionary(id => id, _ => new Accumulator());
        var matrixCount = new Dictionary<(int Theme, int Region), int>();
        var matrixBudget = new Dictionary<(int Theme, int Region), decimal>();
        foreach (var c in commitments)
        {
            var budget = BudgetOf(c);
            var shares = SharesOf(c);
            var commitmentIndicators = indicatorsOf[c.Id].ToList();
            var progress = commitmentIndicators.Select(ProgressOf).ToList();
            var themeIds = themesOf[c.Id].Select(t => t.Id).ToList();
            if (regionAcc.TryGetValue(c.RegionId, out var lead))
            {
                lead.Add(c, 0m, 0m, commitmentIndicators, progress, count: true);
            }
            foreach (var (regionId, share) in shares)
            {
                if (regionAcc.TryGetValue(regionId, out var acc))
                {
                    acc.Add(c, share, budget * share, commitmentIndicators, progress, count: false);
                }
            }
            foreach (var themeId in themeIds)
            {
                var part = 1m / themeIds.Count;
                themeAcc[themeId].Add(c, part, budget * part, commitmentIndicators, progress, count: true);
                if (regionIndex.ContainsKey(c.RegionId))
                {
                    matrixCount[(themeId, c.RegionId)] = matrixCount.GetValueOrDefault((themeId, c.RegionId)) + 1;
                }
                foreach (var (regionId, share) in shares.Where(s => regionIndex.ContainsKey(s.RegionId)))
                {
                    matrixBudget[(themeId, regionId)] = matrixBudget.GetValueOrDefault((themeId, regionId)) + budget * part * share;
                }
            }
        }

        var regionLines = regions
            .Select(r => regionAcc[r.Id].Line(r.Name, Figures(regionAcc[r.Id].Led)))
            .ToList();
        var reportedThemes = themeOrder.Values
            .Where(t => t.InCycle || themeAcc[t.Id].Commitments > 0)
            .OrderBy(t => t.Index)
            .ToList();
        var themeLines = reportedThemes
            .Select(t => themeAcc[t.Id].Line(t.Name, Figures(themeAcc[t.Id].Led)))
            .ToList();
        var matrix = reportedThemes
            .Select(t => new MatrixLine(
                t.Name,
                regions.Select(r => matrixCount.GetValueOrDefault((t.Id, r.Id))).ToList(),
                regions.Select(r => Math.Round(matrixBudget.GetValueOrDefault((t.Id, r.Id)), 2)).ToList()))
            .ToList();

        var partners = commitments.Select(c => c.OrganizationId)
            .Concat(coPartners.Select(p => p.OrganizationId))
            .Distinct().Count();

        var generatedAt = AmsterdamTime.Now(time);
        return new AnnualReportModel(
            year,
            scopeLabel,
            new DateTime(generatedAt.Year, generatedAt.Month, generatedAt.Day, generatedAt.Hour, generatedAt.Minute, 0),
            madeBy,
            cycle.UpdatesDueOn,
            today > cycle.UpdatesDueOn,
            partners,
            statusCounts,
            draftCount,
            commitments.Sum(BudgetOf),
            commitments.Count(c => c.Status != CommitmentStatus.Withdrawn && !string.IsNullOrWhiteSpace(c.InKind)),
            Figures(commitments),
            regions.Select(r => r.Name).ToList(),
            regionLines,
            themeLines,
            matrix,
            lines,
            indicatorLines,
            notReported,
            () => ProgressRows(inReport, cycleId, byId, regionName, ct),
            filedInCycle);
    }

    /// <summary>
    /// The filed updates of the cycle with their narratives, read row by row while the sheet is written:
    /// the narratives (up to 8,000 characters each) are never all in memory at once.
    /// </summary>
    private static async IAsyncEnumerable<ProgressLine> ProgressRows(
        IQueryable<Commitment> inReport, int cycleId, Dictionary<int, CommitmentRow> commitments,
        Dictionary<int, string> regionName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var u in inReport
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.ReportingCycleId == cycleId && u.Status != ProgressUpdateStatus.Draft)
            .OrderBy(u => u.CommitmentId)
            .Select(u => new { u.CommitmentId, u.Status, u.Health, u.SubmittedAt, u.ApprovedAt, u.Narrative, u.EvidenceUrl })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (commitments.TryGetValue(u.CommitmentId, out var c))
            {
                yield return new ProgressLine(c.Id, c.Title, c.LeadOrganization, regionName.GetValueOrDefault(c.RegionId, ""),
                    u.Status, u.Health,
                    u.SubmittedAt is { } s ? AmsterdamTime.ToAmsterdam(s) : null,
                    u.ApprovedAt is { } a ? AmsterdamTime.ToAmsterdam(a) : null,
                    u.Narrative, u.EvidenceUrl);
            }
        }
    }

    /// <summary>How far along an update is, as the "niet gerapporteerd" page ranks it.</summary>
    private static int Rank(ProgressUpdateStatus status) => status switch
    {
        ProgressUpdateStatus.Approved => 4,
        ProgressUpdateStatus.Submitted => 3,
        ProgressUpdateStatus.Returned => 2,
        _ => 1,
    };

    /// <summary>The figures of one line of "Per thema" or "Per landsdeel", summed as the commitments pass.</summary>
    private sealed class Accumulator
    {
        public int Commitments;
        public int Approved;
        public decimal Attributed;
        public decimal Budget;
        public int Indicators;
        public int WithProgress;
        public int TargetsReached;
        private decimal _weightedProgress;
        private decimal _weight;
        public List<CommitmentRow> Led { get; } = [];

        /// <summary>
        /// <paramref name="count"/>: the commitment counts here as a whole (its lead's landsdeel, each of
        /// its themes); <paramref name="share"/>: the part of it attributed here, for budget and progress.
        /// </summary>
        public void Add(CommitmentRow c, decimal share, decimal budget, List<IndicatorRow> indicators, List<decimal?> progress, bool count)
        {
            if (count)
            {
                Commitments++;
                Led.Add(c);
                Indicators += indicators.Count;
                if (c.Status == CommitmentStatus.Approved)
                {
                    Approved++;
                }
                WithProgress += progress.Count(p => p != null);
                TargetsReached += progress.Count(p => p >= 100m);
            }
            if (share > 0m)
            {
                Attributed += share;
                Budget += budget;
                if (c.Status != CommitmentStatus.Withdrawn)
                {
                    foreach (var p in progress.Where(p => p != null))
                    {
                        _weightedProgress += share * Math.Min(p!.Value, 100m);
                        _weight += share;
                    }
                }
            }
        }

        public BreakdownLine Line(string name, ProgressFigures figures) => new(
            name, Commitments, Approved, Math.Round(Attributed, 2), Math.Round(Budget, 2), figures, Indicators, WithProgress,
            _weight == 0m ? null : (double)(_weightedProgress / _weight / 100m), TargetsReached);
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

    private sealed record ThemeLink(int CommitmentId, int ThemeId);

    private sealed record CoPartnerRow(int CommitmentId, int OrganizationId, decimal SharePercent, CoPartnerResponse Response);

    private sealed record IndicatorRow(int Id, int CommitmentId, string Name, string Unit, decimal Baseline, decimal? Target, DateOnly? TargetDate, int SortOrder);

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
            ContactName = approved.ContactName,
            ContactEmail = approved.ContactEmail,
            LeadSharePercent = approved.LeadSharePercent,
            ApprovedContentJson = null,
            Approved = approved,
        };
    }

    private sealed record CommitmentRow(
        int Id,
        string Title,
        int OrganizationId,
        string LeadOrganization,
        string? KvkNumber,
        OrganizationType OrganizationType,
        int RegionId,
        bool OrganizationActive,
        string? Province,
        CommitmentStatus Status,
        DateOnly? StartDate,
        DateOnly? EndDate,
        decimal? BudgetEuros,
        string? InKind,
        string? ContactName,
        string? ContactEmail,
        decimal LeadSharePercent,
        string? ApprovedContentJson)
    {
        /// <summary>The approved revision, when the row shows it in place of a newer revision under way.</summary>
        public CommitmentContent? Approved { get; init; }
    }
}
