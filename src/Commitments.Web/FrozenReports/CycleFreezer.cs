using System.Security.Cryptography;
using System.Text.Json;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Reporting;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.FrozenReports;

/// <summary>Freezing was asked for a cycle that is frozen already; nothing was changed.</summary>
public sealed class CycleAlreadyFrozenException(int year)
    : InvalidOperationException($"Rapportagejaar {year} is al bevroren; het kan maar één keer worden bevroren. (Reporting year {year} is already frozen; it can be frozen only once.)")
{
    public int Year { get; } = year;
}

/// <summary>
/// Freezes a reporting cycle (normally at the annual conference): builds the national report and one
/// per landsdeel, then stores each with its SHA-256 in <see cref="AnnualReport"/> and sets the cycle's
/// <see cref="ReportingCycle.FrozenAt"/> in one short transaction inside the execution strategy: a
/// failure anywhere freezes nothing. From then on the data layer refuses changes to the cycle
/// (<c>FrozenCycleGuard</c>) and the stored bytes are what every later download gives. Administrators
/// freeze through <see cref="CycleFreezeJob"/>; the demo seeder calls this directly.
/// </summary>
public sealed class CycleFreezer(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    AnnualReportBuilder builder,
    TimeProvider time,
    ILogger<CycleFreezer> logger)
{
    public sealed record FrozenCycle(int Year, DateTime FrozenAt, IReadOnlyList<FrozenFile> Files);

    public sealed record FrozenFile(int? RegionId, string FileName, string Sha256, int Bytes);

    public Task<FrozenCycle> FreezeAsync(int cycleId, string? userId, string? userName, CancellationToken ct) =>
        FreezeAsync(cycleId, userId, userName, null, ct);

    /// <summary>
    /// Freezes the cycle on behalf of the named administrator, reporting 0–100 over all the reports
    /// to <paramref name="percentDone"/>. The caller's scope must be an administrator's
    /// (<see cref="DataScopeKind.Everything"/>); each report is built in the scope of what it covers,
    /// set visibly here, never in the administrator's own.
    /// </summary>
    /// <exception cref="CycleAlreadyFrozenException">The cycle is frozen already (also when another freeze was first).</exception>
    public async Task<FrozenCycle> FreezeAsync(int cycleId, string? userId, string? userName, IProgress<int>? percentDone, CancellationToken ct)
    {
        if (db.Scope.Kind != DataScopeKind.Everything)
        {
            throw new DataScopeViolationException($"Freezing a reporting cycle is an administrator's task; scope '{db.Scope.Description}' may not.");
        }
        var who = userName ?? userId ?? "onbekend";
        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.Id == cycleId)
            .Select(c => new { c.Id, c.Year, c.FrozenAt })
            .SingleOrDefaultAsync(ct)
            ?? throw new KeyNotFoundException($"There is no reporting cycle {cycleId}.");
        if (cycle.FrozenAt != null)
        {
            throw new CycleAlreadyFrozenException(cycle.Year);
        }

        // The reports are built before the transaction, not inside it: on SQLite a transaction that
        // has written holds the database's write lock, which would stop every other save (and the
        // progress bar's) for the minutes six national-scale builds take. Each report reads the data
        // as it is while it is built; the cycle is frozen the moment they are stored.
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var parts = regions.Count + 1;
        var files = new List<(int? RegionId, ReportFile File)>();
        using (scope.Widen(DataScope.NationalReadOnly($"national report {cycle.Year} frozen by {who}")))
        {
            files.Add((null, await builder.BuildAsync(cycle.Year, Part(percentDone, 0, parts), ct)));
        }
        foreach (var region in regions)
        {
            using (scope.Widen(DataScope.ForRegion(region.Id, $"report {cycle.Year} of landsdeel {region.Name} frozen by {who}")))
            {
                files.Add((region.Id, await builder.BuildAsync(cycle.Year, Part(percentDone, files.Count, parts), ct)));
            }
        }

        var result = await db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear(); // a retry of the execution strategy starts from nothing
            // Of two freezes that got this far, one sets FrozenAt and the other finds it set (the row
            // stays locked until this transaction ends): all reports and FrozenAt, or nothing.
            var frozenAt = time.GetUtcNow().UtcDateTime;
            var claimed = await db.ReportingCycles
                .Where(c => c.Id == cycleId && c.FrozenAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, frozenAt), token);
            if (claimed == 0)
            {
                throw new CycleAlreadyFrozenException(cycle.Year);
            }
            // A frozen cycle's submissions leave the review queue, whose counts are cached by data
            // version (ADR-0022): raise it, with the freeze, in this transaction.
            await db.DataVersions.Where(v => v.Id == DataVersion.Summaries)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, v => v.Value + 1), token);
            var reports = files.Select(f => Stored(f.File, cycle.Id, f.RegionId, frozenAt, userId, userName)).ToList();
            db.AnnualReports.AddRange(reports);
            db.Audit(AuditActions.CycleFrozen, nameof(ReportingCycle), cycle.Id, null, userId, userName,
                JsonSerializer.Serialize(new
                {
                    year = cycle.Year,
                    reports = reports.Select(r => new { regionId = r.RegionId, fileName = r.FileName, sha256 = r.Sha256 }),
                }));
            await db.SaveChangesAsync(token);
            return new FrozenCycle(cycle.Year, frozenAt,
                reports.Select(r => new FrozenFile(r.RegionId, r.FileName, r.Sha256, r.Content.Length)).ToList());
        }, ct);
        db.ChangeTracker.Clear(); // the stored files are not kept in memory for the rest of the scope
        logger.LogInformation("Reporting cycle {Year} frozen by user {UserId}: {Count} reports stored.", result.Year, userId, result.Files.Count);
        return result;
    }

    /// <summary>The builder's 0–100 for report <paramref name="index"/> of <paramref name="count"/>, as a share of the whole freeze.</summary>
    private static IProgress<int>? Part(IProgress<int>? whole, int index, int count) =>
        whole == null ? null : new PartProgress(whole, index, count);

    private sealed class PartProgress(IProgress<int> whole, int index, int count) : IProgress<int>
    {
        public void Report(int value) => whole.Report((index * 100 + Math.Clamp(value, 0, 100)) / count);
    }

    private static AnnualReport Stored(ReportFile file, int cycleId, int? regionId, DateTime frozenAt, string? userId, string? userName) => new()
    {
        ReportingCycleId = cycleId,
        RegionId = regionId,
        FrozenAt = frozenAt,
        FrozenByUserId = userId,
        FrozenByName = userName,
        FileName = file.FileName,
        Content = file.Content,
        Sha256 = Sha256Hex(file.Content),
    };

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
