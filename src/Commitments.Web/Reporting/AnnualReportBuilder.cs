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
/// The workbook is streamed (ADR-0015): the figures come from a compact fact per commitment with its
/// child data folded in as it is read; the long lists are read again a chunk of commitments at a time,
/// in the report's order, while their sheet is written; the progress narratives go straight from the
/// database into their sheet; and each sheet is compressed into the output as it is written.
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
        var commitments = await WriteAsync(cycle, scopeLabel, regions, madeBy ?? scope.Description, output, percentDone, ct);
        if (commitments >= LargeReport)
        {
            // The facts of a large report live through the whole build, so they end up in the oldest
            // generation, where they would stay, dead, until the heap grows enough for a full
            // collection: at ten times the pact the next build started with ~200 MiB of them. A full
            // collection now returns that memory (ADR-0015). Blocking, because a background one had not
            // always finished when the next build began (a freeze builds six in a row): the 10x peak was
            // 275 or 341-365 MiB by that race, and is 272-287 MiB this way. With next to nothing left
            // alive it pauses the pages for 14-44 ms, less than the build's own collections add up to.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        percentDone?.Report(100);
        return FileName(cycle.Year, scopeLabel);
    }

    /// <summary>From this many commitments on, a build is followed by a full collection.</summary>
    private const int LargeReport = 10_000;

    /// <summary>Builds and writes the report; returns how many commitments it lists. Nothing of it is referenced once this returns.</summary>
    private async Task<int> WriteAsync(ReportingCycle cycle, string scopeLabel, List<RegionRef> regions, string madeBy,
        Stream output, IProgress<int>? percentDone, CancellationToken ct)
    {
        var model = await LoadAsync(cycle, scopeLabel, regions, madeBy, percentDone, ct);
        await AnnualReportWorkbook.WriteAsync(model, output, percent => percentDone?.Report(40 + percent * 60 / 100), ct);
        return model.CommitmentCount;
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

    /// <summary>How many commitments a chunk of the long sheets reads at once (ADR-0015).</summary>
    internal const int ChunkSize = 1000;

    /// <summary>
    /// Reads the figures in one pass that keeps only a compact fact per commitment (ids, region, status,
    /// budget, shares, themes, the folded progress) — never titles, texts or indicator rows. The long
    /// sheets are then read again, in their order, a chunk of commitments at a time, while they are
    /// written (<see cref="CommitmentRows"/>, <see cref="IndicatorRows"/>, <see cref="ProgressRows"/>),
    /// so memory does not grow with the texts of the report.
    /// </summary>
    private async Task<AnnualReportModel> LoadAsync(
        ReportingCycle cycle, string scopeLabel, List<RegionRef> regions, string madeBy, IProgress<int>? percentDone, CancellationToken ct)
    {
        var year = cycle.Year;
        var cycleId = cycle.Id;
        // A fixed handful of queries for the figures, whatever the number of commitments: the
        // commitments, then one query per kind of child data, joined in memory by commitment id.
        // Decimals are aggregated here, not in SQL, because SQLite stores them as text.
        var inReport = db.Commitments.AsNoTracking().Where(InReport(year));

        var organizationNames = new Dictionary<int, string>();
        // A commitment under revision: what was approved (without its description, which no sheet shows).
        var approvedRevisions = new Dictionary<int, CommitmentContent>();
        // Sized for the count, so the table does not double past it (ten times the pact: 200,000 rows).
        var count = await inReport.CountAsync(ct);
        var facts = new List<Fact>(count);
        var byId = new Dictionary<int, Fact>(count);
        await foreach (var row in inReport
            .Select(c => new
            {
                c.Id,
                c.OrganizationId,
                Organization = c.Organization!.Name,
                c.Organization.RegionId,
                Active = c.Organization.DeactivatedAt == null,
                c.Status,
                c.BudgetEuros,
                c.InKindDescription,
                c.LeadSharePercent,
                // While a newer revision is drafted or reviewed, the approved one is what counts.
                Approved = c.Status != CommitmentStatus.Approved && c.Status != CommitmentStatus.Withdrawn && c.ApprovedRevision != null
                    ? c.ApprovedContent
                    : null,
            })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            var fact = new Fact(row.Id, row.OrganizationId, row.RegionId, row.Active)
            {
                Status = row.Status,
                BudgetEuros = row.BudgetEuros,
                HasInKind = !string.IsNullOrWhiteSpace(row.InKindDescription),
                LeadSharePercent = row.LeadSharePercent,
            };
            if (CommitmentContent.FromJson(row.Approved) is { } approved)
            {
                approvedRevisions[row.Id] = approved with { Description = null };
                fact.Status = CommitmentStatus.Approved;
                fact.BudgetEuros = approved.BudgetEuros;
                fact.HasInKind = !string.IsNullOrWhiteSpace(approved.InKindDescription);
                fact.LeadSharePercent = approved.LeadSharePercent;
            }
            organizationNames.TryAdd(row.OrganizationId, row.Organization);
            facts.Add(fact);
            byId[row.Id] = fact;
        }
        percentDone?.Report(10);

        var themes = await db.Themes.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.SortOrder, InCycle = t.Cycles.Any(c => c.Id == cycleId) })
            .ToListAsync(ct);
        var themeOrder = themes
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select((t, index) => new ThemeRef(t.Id, t.Name, t.InCycle, index))
            .ToDictionary(t => t.Id);
        var themesByIndex = themeOrder.Values.OrderBy(t => t.Index).ToArray();

        // The queries are separate reads: a commitment saved in between may show up in a child query
        // only. Everything is keyed on the commitments actually loaded, so the summary and the lists agree.
        await foreach (var link in inReport
            .SelectMany(c => c.Themes, (c, t) => new { CommitmentId = c.Id, ThemeId = t.Id })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (byId.TryGetValue(link.CommitmentId, out var fact) && !approvedRevisions.ContainsKey(link.CommitmentId)
                && themeOrder.TryGetValue(link.ThemeId, out var theme))
            {
                fact.AddTheme(theme);
            }
        }
        foreach (var (id, approved) in approvedRevisions)
        {
            foreach (var t in approved.Themes)
            {
                if (themeOrder.TryGetValue(t.Id, out var theme))
                {
                    byId[id].AddTheme(theme);
                }
            }
        }

        await foreach (var p in inReport
            .SelectMany(c => c.CoPartners)
            .Select(p => new CoPartnerRow(p.CommitmentId, p.OrganizationId, p.SharePercent, p.Response))
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            // A commitment under revision: the co-partners and shares as approved (all had confirmed).
            if (byId.TryGetValue(p.CommitmentId, out var fact) && !approvedRevisions.ContainsKey(p.CommitmentId))
            {
                (fact.CoPartners ??= []).Add(p);
            }
        }
        foreach (var (id, approved) in approvedRevisions)
        {
            foreach (var p in approved.CoPartners)
            {
                (byId[id].CoPartners ??= []).Add(new CoPartnerRow(id, p.OrganizationId, p.SharePercent, CoPartnerResponse.Confirmed));
            }
        }

        // Names and regions of the co-partners: one query for all.
        var partnerIds = facts.Where(f => f.CoPartners != null).SelectMany(f => f.CoPartners!).Select(p => p.OrganizationId).Distinct().ToList();
        var partnerOrganizations = await db.Organizations.AsNoTracking()
            .Where(o => partnerIds.Contains(o.Id))
            .Select(o => new PartnerRef(o.Id, o.Name, o.RegionId))
            .ToDictionaryAsync(o => o.Id, ct);

        // The filed values up to this cycle. No table of every indicator's latest value is kept through
        // the build (at ten times the pact 600,000 entries, ~26 MiB; ADR-0015): the indicators and their
        // values are read a chunk of commitments at a time, here and again for the sheet Indicatoren, and
        // each chunk's latest values folded into a table of that chunk only. (Read with each indicator as
        // a correlated subquery instead, the figures pass took a quarter longer: one probe per indicator.)
        var filedValues = db.IndicatorValues
            .Where(v => v.ProgressUpdate!.Status != ProgressUpdateStatus.Draft && v.ProgressUpdate.ReportingCycle!.Year <= year);

        // The indicators as they count (ProgressReporting.IndicatorsOf): the current ones, or those of
        // the approved revision while a newer one is in the works. Only their progress is kept.
        var indicatorCount = 0;
        var ids = byId.Keys.Order().ToArray();
        for (var start = 0; start < ids.Length; start += ChunkSize)
        {
            var chunk = ids[start..Math.Min(ids.Length, start + ChunkSize)];
            var latestValues = await LatestValuesAsync(filedValues, chunk, ct);
            await foreach (var i in inReport
                .Where(c => chunk.Contains(c.Id))
                .SelectMany(c => c.Indicators)
                .Select(i => new { i.Id, i.CommitmentId, i.Baseline, i.Target })
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                if (!byId.TryGetValue(i.CommitmentId, out var fact))
                {
                    continue;
                }
                var (baseline, target) = (i.Baseline, i.Target);
                if (approvedRevisions.TryGetValue(i.CommitmentId, out var approved))
                {
                    var terms = approved.Indicators.FirstOrDefault(t => t.Id == i.Id);
                    if (terms == null)
                    {
                        continue;
                    }
                    (baseline, target) = (terms.Baseline, terms.Target);
                }
                indicatorCount++;
                fact.Indicators++;
                if (latestValues.TryGetValue(i.Id, out var latest) && ProgressReporting.ProgressPercent(latest.Value, baseline, target) is { } progress)
                {
                    fact.WithProgress++;
                    fact.ProgressSum += Math.Min(progress, 100m);
                    if (progress >= 100m)
                    {
                        fact.TargetsReached++;
                    }
                }
            }
        }
        percentDone?.Report(20);

        // Progress as reported: a draft update has not been filed yet, so it does not count. The latest
        // filed update per commitment, and this cycle's update (of any status) per commitment.
        var filedInCycle = 0;
        await foreach (var u in inReport
            .SelectMany(c => c.ProgressUpdates)
            .Where(u => u.ReportingCycle!.Year <= year)
            .Select(u => new { u.CommitmentId, u.ReportingCycleId, u.ReportingCycle!.Year, u.Status, u.Health, u.SubmittedAt })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!byId.TryGetValue(u.CommitmentId, out var fact))
            {
                continue;
            }
            if (u.ReportingCycleId == cycleId)
            {
                // One update per commitment and cycle (unique index); keep the furthest along regardless.
                if (fact.CycleStatus is not { } known || Rank(u.Status) > Rank(known))
                {
                    fact.CycleStatus = u.Status;
                    fact.CycleHealth = u.Health;
                }
                if (u.Status != ProgressUpdateStatus.Draft)
                {
                    filedInCycle++;
                }
            }
            if (u.Status != ProgressUpdateStatus.Draft && fact.LatestYear < u.Year)
            {
                fact.LatestYear = u.Year;
                fact.LatestHealth = u.Health;
                fact.LatestSubmittedAt = u.SubmittedAt;
            }
        }
        percentDone?.Report(30);

        var draftCount = await db.Commitments
            .CountAsync(c => c.Status == CommitmentStatus.Draft && c.ApprovedRevision == null && c.ReportingCycle!.Year <= year, ct);

        var regionIndex = regions.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var regionName = regions.ToDictionary(r => r.Id, r => r.Name);
        var today = ProgressReporting.Today(time);

        // The order of the lists: landsdeel, then the lead organisation's name (Dutch, ignoring case),
        // then number. The names are ranked once (equal names share a rank), so the commitments sort on
        // integers alone.
        var nameRank = new Dictionary<int, int>();
        var rank = -1;
        string? previous = null;
        foreach (var (id, name) in organizationNames.OrderBy(o => o.Value, DutchOrder))
        {
            if (previous == null || DutchOrder.Compare(previous, name) != 0)
            {
                rank++;
                previous = name;
            }
            nameRank[id] = rank;
        }
        var order = facts
            .Select(f => (Region: regionIndex.GetValueOrDefault(f.RegionId, int.MaxValue), Name: nameRank[f.OrganizationId], f.Id))
            .Order()
            .Select(f => f.Id)
            .ToArray();

        // "Niet gerapporteerd" means what the page "Wie heeft nog niet gerapporteerd" means: a commitment
        // that reports progress (approved, of an active organisation) whose update of this cycle is not
        // started, a draft or returned; overdue once the due date has passed (Amsterdam calendar).
        static bool Reports(Fact c) => c.Status == CommitmentStatus.Approved && c.OrganizationActive;
        bool NotReported(Fact c) => Reports(c) && ReportStates.From(c.CycleStatus).IsOpen();

        var statusCounts = Enum.GetValues<CommitmentStatus>()
            .Select(s => new StatusCount(s, s == CommitmentStatus.Draft ? draftCount : facts.Count(c => c.Status == s)))
            .ToList();

        // Budget totals leave withdrawn commitments out: that money is no longer promised.
        static decimal BudgetOf(Fact c) => c.Status == CommitmentStatus.Withdrawn ? 0m : c.BudgetEuros ?? 0m;

        // Attribution: a joint commitment is divided over its participants by their shares, and each
        // part counted in the participant's own landsdeel, so it is counted once in all. Per theme, a
        // commitment with more themes is divided evenly over them.
        List<(int RegionId, decimal Share)> SharesOf(Fact c)
        {
            var shares = new List<(int, decimal)> { (c.RegionId, c.LeadSharePercent / 100m) };
            foreach (var p in c.CoPartners ?? [])
            {
                if (partnerOrganizations.TryGetValue(p.OrganizationId, out var o))
                {
                    shares.Add((o.RegionId, p.SharePercent / 100m));
                }
            }
            return shares;
        }

        var total = new Accumulator();
        var regionAcc = regions.ToDictionary(r => r.Id, _ => new Accumulator());
        var themeAcc = themeOrder.Keys.ToDictionary(id => id, _ => new Accumulator());
        var matrixCount = new Dictionary<(int Theme, int Region), int>();
        var matrixBudget = new Dictionary<(int Theme, int Region), decimal>();
        foreach (var c in facts)
        {
            var budget = BudgetOf(c);
            var shares = SharesOf(c);
            total.Add(c, 0m, 0m, count: true);
            if (regionAcc.TryGetValue(c.RegionId, out var lead))
            {
                lead.Add(c, 0m, 0m, count: true);
            }
            foreach (var (regionId, share) in shares)
            {
                if (regionAcc.TryGetValue(regionId, out var acc))
                {
                    acc.Add(c, share, budget * share, count: false);
                }
            }
            foreach (var theme in c.Themes(themesByIndex))
            {
                var part = 1m / c.ThemeCount;
                themeAcc[theme.Id].Add(c, part, budget * part, count: true);
                if (regionIndex.ContainsKey(c.RegionId))
                {
                    matrixCount[(theme.Id, c.RegionId)] = matrixCount.GetValueOrDefault((theme.Id, c.RegionId)) + 1;
                }
                foreach (var (regionId, share) in shares.Where(s => regionIndex.ContainsKey(s.RegionId)))
                {
                    matrixBudget[(theme.Id, regionId)] = matrixBudget.GetValueOrDefault((theme.Id, regionId)) + budget * part * share;
                }
            }
        }

        var regionLines = regions.Select(r => regionAcc[r.Id].Line(r.Name)).ToList();
        var reportedThemes = themeOrder.Values
            .Where(t => t.InCycle || themeAcc[t.Id].Commitments > 0)
            .OrderBy(t => t.Index)
            .ToList();
        var themeLines = reportedThemes.Select(t => themeAcc[t.Id].Line(t.Name)).ToList();
        var matrix = reportedThemes
            .Select(t => new MatrixLine(
                t.Name,
                regions.Select(r => matrixCount.GetValueOrDefault((t.Id, r.Id))).ToList(),
                regions.Select(r => Math.Round(matrixBudget.GetValueOrDefault((t.Id, r.Id)), 2)).ToList()))
            .ToList();

        var partners = facts.Select(c => c.OrganizationId)
            .Concat(facts.Where(f => f.CoPartners != null).SelectMany(f => f.CoPartners!).Select(p => p.OrganizationId))
            .Distinct().Count();

        // Filled while the sheet Toezeggingen is written (it reads the titles and contacts), sorted after.
        var notReported = new List<NotReportedLine>();
        var context = new ListContext(inReport, cycle, byId, approvedRevisions, organizationNames, partnerOrganizations,
            regionName, themesByIndex, filedValues, today, notReported);

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
            facts.Sum(BudgetOf),
            facts.Count(c => c.Status != CommitmentStatus.Withdrawn && c.HasInKind),
            total.Figures,
            regions.Select(r => r.Name).ToList(),
            regionLines,
            themeLines,
            matrix,
            facts.Count,
            () => CommitmentRows(context, order, ct),
            indicatorCount,
            () => IndicatorRows(context, order, ct),
            facts.Count(NotReported),
            () => notReported
                .OrderBy(c => c.Organization, DutchOrder).ThenBy(c => c.OrganizationId)
                .ThenBy(c => c.Commitment, DutchOrder).ThenBy(c => c.CommitmentId)
                .ToList(),
            () => ProgressRows(context, ct),
            filedInCycle);
    }

    /// <summary>
    /// The latest filed value (and its year) of each indicator of a chunk of commitments: one read of the
    /// chunk's values (by the index on the updates' commitment), folded into a table of this chunk only.
    /// </summary>
    private static async Task<Dictionary<int, (int Year, decimal Value)>> LatestValuesAsync(
        IQueryable<IndicatorValue> filedValues, int[] chunk, CancellationToken ct)
    {
        var latest = new Dictionary<int, (int Year, decimal Value)>(chunk.Length * 4);
        await foreach (var v in filedValues
            .Where(v => chunk.Contains(v.ProgressUpdate!.CommitmentId))
            .Select(v => new { v.IndicatorId, v.ProgressUpdate!.ReportingCycle!.Year, v.Value })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!latest.TryGetValue(v.IndicatorId, out var known) || known.Year < v.Year)
            {
                latest[v.IndicatorId] = (v.Year, v.Value);
            }
        }
        return latest;
    }

    /// <summary>What the list sheets need of the figures' pass to read their rows chunk by chunk.</summary>
    private sealed record ListContext(
        IQueryable<Commitment> InReport,
        ReportingCycle Cycle,
        Dictionary<int, Fact> Facts,
        Dictionary<int, CommitmentContent> ApprovedRevisions,
        Dictionary<int, string> OrganizationNames,
        Dictionary<int, PartnerRef> PartnerOrganizations,
        Dictionary<int, string> RegionNames,
        ThemeRef[] ThemesByIndex,
        IQueryable<IndicatorValue> FiledValues,
        DateOnly Today,
        List<NotReportedLine> NotReported)
    {
        public string RegionOf(Fact c) => RegionNames.GetValueOrDefault(c.RegionId, "");

        /// <summary>The title as the report shows it: the approved revision's while a newer one is under way.</summary>
        public string TitleOf(int id, string current) => ApprovedRevisions.TryGetValue(id, out var approved) ? approved.Title : current;
    }

    /// <summary>
    /// The rows of Toezeggingen in the report's order, read a chunk of commitments at a time (by id, in
    /// the order worked out from the facts), so only one chunk's texts are in memory. Collects the
    /// commitments that have not reported on the way, with their titles and contacts.
    /// </summary>
    private static async IAsyncEnumerable<CommitmentLine> CommitmentRows(
        ListContext context, int[] order, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string PartnerName(int id) => context.PartnerOrganizations.TryGetValue(id, out var o) ? o.Name : "";
        // "Naam (40%)", and "niet bevestigd" until the co-partner has confirmed its part.
        string CoPartnerText(CoPartnerRow p) =>
            $"{PartnerName(p.OrganizationId)} ({Percent(p.SharePercent)}{(p.Response == CoPartnerResponse.Confirmed ? "" : ", niet bevestigd")})";

        for (var start = 0; start < order.Length; start += ChunkSize)
        {
            var chunk = order[start..Math.Min(order.Length, start + ChunkSize)];
            var rows = new Dictionary<int, CommitmentRow>(chunk.Length);
            await foreach (var row in context.InReport
                .Where(c => chunk.Contains(c.Id))
                .Select(c => new CommitmentRow(
                    c.Id,
                    c.Title,
                    c.Organization!.KvkNumber,
                    c.Organization.Type,
                    c.Organization.Province!.Name,
                    c.StartDate,
                    c.EndDate,
                    c.InKindDescription,
                    c.ContactName,
                    c.ContactEmail))
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                rows[row.Id] = row;
            }
            foreach (var id in chunk)
            {
                if (!rows.TryGetValue(id, out var current))
                {
                    continue; // deleted since the figures were read
                }
                var c = context.Facts[id];
                var row = context.ApprovedRevisions.TryGetValue(id, out var approved)
                    ? current with
                    {
                        Title = approved.Title,
                        StartDate = approved.StartDate,
                        EndDate = approved.EndDate,
                        InKind = approved.InKindDescription,
                        ContactName = approved.ContactName,
                        ContactEmail = approved.ContactEmail,
                    }
                    : current;
                var organization = context.OrganizationNames[c.OrganizationId];
                var region = context.RegionOf(c);
                if (c.Status == CommitmentStatus.Approved && c.OrganizationActive && ReportStates.From(c.CycleStatus).IsOpen())
                {
                    context.NotReported.Add(new NotReportedLine(organization, region, c.Id, row.Title,
                        ReportStates.From(c.CycleStatus), ProgressReporting.IsOverdue(context.Cycle, c.CycleStatus, context.Today),
                        row.ContactName, row.ContactEmail, c.OrganizationId));
                }
                yield return new CommitmentLine(
                    c.Id,
                    row.Title,
                    organization,
                    row.KvkNumber,
                    row.OrganizationType,
                    region,
                    row.Province,
                    string.Join(", ", c.Themes(context.ThemesByIndex).Select(t => t.Name)),
                    string.Join(", ", (c.CoPartners ?? []).Select(CoPartnerText).Order(StringComparer.Ordinal)),
                    c.Status,
                    row.StartDate,
                    row.EndDate,
                    c.BudgetEuros,
                    row.InKind,
                    row.ContactName,
                    row.ContactEmail,
                    c.Indicators,
                    c.LatestYear > 0 ? c.LatestHealth : null,
                    c.LatestYear > 0 ? c.LatestYear : null,
                    c.LatestYear > 0 && c.LatestSubmittedAt is { } at ? AmsterdamTime.ToAmsterdam(at) : null);
            }
        }
    }

    /// <summary>The rows of Indicatoren: per commitment in the report's order, a chunk of commitments at a time.</summary>
    private static async IAsyncEnumerable<IndicatorLine> IndicatorRows(
        ListContext context, int[] order, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var start = 0; start < order.Length; start += ChunkSize)
        {
            var chunk = order[start..Math.Min(order.Length, start + ChunkSize)];
            var rows = new List<IndicatorRow>();
            var titles = new Dictionary<int, string>(chunk.Length);
            await foreach (var i in context.InReport
                .Where(c => chunk.Contains(c.Id))
                .SelectMany(c => c.Indicators, (c, i) => new
                {
                    c.Title,
                    Row = new IndicatorRow(i.Id, i.CommitmentId, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, i.SortOrder),
                })
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                var row = i.Row;
                if (context.ApprovedRevisions.TryGetValue(row.CommitmentId, out var approved))
                {
                    var n = approved.Indicators.Select((t, index) => (t, index)).FirstOrDefault(x => x.t.Id == row.Id);
                    if (n.t == null)
                    {
                        continue;
                    }
                    row = new IndicatorRow(row.Id, row.CommitmentId, n.t.Name, n.t.Unit, n.t.Baseline, n.t.Target, n.t.TargetDate, n.index);
                }
                titles.TryAdd(row.CommitmentId, i.Title);
                rows.Add(row);
            }
            var latestValues = await LatestValuesAsync(context.FiledValues, chunk, ct);
            var ofCommitment = rows.ToLookup(r => r.CommitmentId);
            foreach (var id in chunk)
            {
                if (!context.Facts.TryGetValue(id, out var c) || !titles.TryGetValue(id, out var title))
                {
                    continue;
                }
                title = context.TitleOf(id, title);
                var organization = context.OrganizationNames[c.OrganizationId];
                var region = context.RegionOf(c);
                foreach (var i in ofCommitment[id].OrderBy(i => i.SortOrder).ThenBy(i => i.Id))
                {
                    (int Year, decimal Value)? latest = latestValues.TryGetValue(i.Id, out var v) ? v : null;
                    yield return new IndicatorLine(c.Id, title, organization, region,
                        i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, latest?.Value, latest?.Year,
                        latest is { } l ? ProgressReporting.ProgressPercent(l.Value, i.Baseline, i.Target) : null);
                }
            }
        }
    }

    /// <summary>
    /// The filed updates of the cycle with their narratives, read row by row while the sheet is written:
    /// the narratives (up to 8,000 characters each) are never all in memory at once.
    /// </summary>
    private static async IAsyncEnumerable<ProgressLine> ProgressRows(
        ListContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var cycleId = context.Cycle.Id;
        await foreach (var u in context.InReport
            .SelectMany(c => c.ProgressUpdates, (c, u) => new { c.Title, Update = u })
            .Where(x => x.Update.ReportingCycleId == cycleId && x.Update.Status != ProgressUpdateStatus.Draft)
            .OrderBy(x => x.Update.CommitmentId)
            .Select(x => new
            {
                x.Title, x.Update.CommitmentId, x.Update.Status, x.Update.Health, x.Update.SubmittedAt, x.Update.ApprovedAt,
                x.Update.Narrative, x.Update.EvidenceUrl,
            })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (context.Facts.TryGetValue(u.CommitmentId, out var c))
            {
                yield return new ProgressLine(c.Id, context.TitleOf(c.Id, u.Title), context.OrganizationNames[c.OrganizationId], context.RegionOf(c),
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
        private int _reporting, _reported, _onTrack, _atRisk, _behind;

        /// <summary>How the commitments counted here as a whole stand with their progress of the cycle.</summary>
        public ProgressFigures Figures => new(_reporting, _reported, _onTrack, _atRisk, _behind);

        /// <summary>
        /// <paramref name="count"/>: the commitment counts here as a whole (its lead's landsdeel, each of
        /// its themes); <paramref name="share"/>: the part of it attributed here, for budget and progress.
        /// </summary>
        public void Add(Fact c, decimal share, decimal budget, bool count)
        {
            if (count)
            {
                Commitments++;
                Indicators += c.Indicators;
                if (c.Status == CommitmentStatus.Approved)
                {
                    Approved++;
                }
                WithProgress += c.WithProgress;
                TargetsReached += c.TargetsReached;
                // Of the commitments that report progress, how many did and how they are doing.
                if (c.Status == CommitmentStatus.Approved && c.OrganizationActive)
                {
                    _reporting++;
                    if (c.CycleStatus is ProgressUpdateStatus.Submitted or ProgressUpdateStatus.Approved)
                    {
                        _reported++;
                        switch (c.CycleHealth)
                        {
                            case ProgressHealth.OnTrack: _onTrack++; break;
                            case ProgressHealth.AtRisk: _atRisk++; break;
                            default: _behind++; break;
                        }
                    }
                }
            }
            if (share > 0m)
            {
                Attributed += share;
                Budget += budget;
                if (c.Status != CommitmentStatus.Withdrawn && c.WithProgress > 0)
                {
                    // Each indicator's progress (capped at 100%) weighs with the share attributed here.
                    _weightedProgress += share * c.ProgressSum;
                    _weight += share * c.WithProgress;
                }
            }
        }

        public BreakdownLine Line(string name) => new(
            name, Commitments, Approved, Math.Round(Attributed, 2), Math.Round(Budget, 2), Figures, Indicators, WithProgress,
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

    private sealed record ThemeRef(int Id, string Name, bool InCycle, int Index);

    private sealed record PartnerRef(int Id, string Name, int RegionId);

    private sealed record CoPartnerRow(int CommitmentId, int OrganizationId, decimal SharePercent, CoPartnerResponse Response);

    private sealed record IndicatorRow(int Id, int CommitmentId, string Name, string Unit, decimal Baseline, decimal? Target, DateOnly? TargetDate, int SortOrder);

    private static string Percent(decimal p) => p.ToString("0.##", DutchLabels.Culture) + "%";

    /// <summary>The texts of one row of Toezeggingen, read with its chunk (the approved revision's where one is under way).</summary>
    private sealed record CommitmentRow(
        int Id,
        string Title,
        string? KvkNumber,
        OrganizationType OrganizationType,
        string? Province,
        DateOnly? StartDate,
        DateOnly? EndDate,
        string? InKind,
        string? ContactName,
        string? ContactEmail);

    /// <summary>
    /// What the figures need of one commitment, as approved (the approved revision while a newer one is
    /// under way), with its progress folded in: no texts.
    /// </summary>
    private sealed class Fact(int id, int organizationId, int regionId, bool organizationActive)
    {
        public int Id { get; } = id;
        public int OrganizationId { get; } = organizationId;
        public int RegionId { get; } = regionId;
        public bool OrganizationActive { get; } = organizationActive;
        public CommitmentStatus Status;
        public decimal? BudgetEuros;
        public bool HasInKind;
        public decimal LeadSharePercent;
        /// <summary>
        /// The themes, as bits of their index in the themes' order: no list per commitment (ten times
        /// the pact: 200,000 of them, ADR-0015). Indices from 64 on (the pact has 7 themes) go in a list.
        /// </summary>
        private ulong _themes;
        private List<int>? _moreThemes;
        public int ThemeCount;
        public List<CoPartnerRow>? CoPartners;
        public int Indicators;
        public int WithProgress;
        public int TargetsReached;
        /// <summary>The sum of the indicators' progress, each capped at 100%.</summary>
        public decimal ProgressSum;
        /// <summary>The latest filed update up to the cycle (0: none).</summary>
        public int LatestYear;
        public ProgressHealth LatestHealth;
        public DateTime? LatestSubmittedAt;
        /// <summary>This cycle's update, of any status.</summary>
        public ProgressUpdateStatus? CycleStatus;
        public ProgressHealth CycleHealth;

        public void AddTheme(ThemeRef theme)
        {
            if (theme.Index < 64)
            {
                var bit = 1UL << theme.Index;
                if ((_themes & bit) == 0)
                {
                    _themes |= bit;
                    ThemeCount++;
                }
            }
            else if (!(_moreThemes ??= []).Contains(theme.Index))
            {
                _moreThemes.Add(theme.Index);
                _moreThemes.Sort();
                ThemeCount++;
            }
        }

        /// <summary>The themes in the themes' order; <paramref name="byIndex"/>: every theme at its index.</summary>
        public IEnumerable<ThemeRef> Themes(ThemeRef[] byIndex)
        {
            for (var bits = _themes; bits != 0; bits &= bits - 1)
            {
                yield return byIndex[System.Numerics.BitOperations.TrailingZeroCount(bits)];
            }
            foreach (var index in _moreThemes ?? [])
            {
                yield return byIndex[index];
            }
        }
    }
}
