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
/// per landsdeel, stores each with its SHA-256 in <see cref="AnnualReport"/>, and sets the cycle's
/// <see cref="ReportingCycle.FrozenAt"/>, all in one transaction inside the execution strategy: a
/// failure anywhere freezes nothing. From then on the data layer refuses changes to the cycle
/// (<c>FrozenCycleGuard</c>) and the stored bytes are what every later download gives.
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

    /// <summary>
    /// Freezes the cycle on behalf of the named administrator. The caller's scope must be an
    /// administrator's (<see cref="DataScopeKind.Everything"/>); each report is built in the scope of
    /// what it covers, set visibly here, never in the administrator's own.
    /// </summary>
    /// <exception cref="CycleAlreadyFrozenException">The cycle is frozen already (also when another administrator was first).</exception>
    public async Task<FrozenCycle> FreezeAsync(int cycleId, string? userId, string? userName, CancellationToken ct)
    {
        if (db.Scope.Kind != DataScopeKind.Everything)
        {
            throw new DataScopeViolationException($"Freezing a reporting cycle is an administrator's task; scope '{db.Scope.Description}' may not.");
        }
        var who = userName ?? userId ?? "onbekend";
        var result = await db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear(); // a retry of the execution strategy starts from nothing
            var cycle = await db.ReportingCycles.AsNoTracking()
                .Where(c => c.Id == cycleId)
                .Select(c => new { c.Id, c.Year })
                .SingleOrDefaultAsync(token)
                ?? throw new KeyNotFoundException($"There is no reporting cycle {cycleId}.");

            // Claims the cycle first: of two administrators freezing at once, one sets FrozenAt and the
            // other finds it set (the row stays locked until this transaction ends).
            var frozenAt = time.GetUtcNow().UtcDateTime;
            var claimed = await db.ReportingCycles
                .Where(c => c.Id == cycleId && c.FrozenAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, frozenAt), token);
            if (claimed == 0)
            {
                throw new CycleAlreadyFrozenException(cycle.Year);
            }

            var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).ToListAsync(token);
            var reports = new List<AnnualReport>();
            using (scope.Widen(DataScope.NationalReadOnly($"national report {cycle.Year} frozen by {who}")))
            {
                reports.Add(Stored(await builder.BuildAsync(cycle.Year, token), cycle.Id, null, frozenAt, userId, userName));
            }
            foreach (var region in regions)
            {
                using (scope.Widen(DataScope.ForRegion(region.Id, $"report {cycle.Year} of landsdeel {region.Name} frozen by {who}")))
                {
                    reports.Add(Stored(await builder.BuildAsync(cycle.Year, token), cycle.Id, region.Id, frozenAt, userId, userName));
                }
            }
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
        logger.LogInformation("Reporting cycle {Year} frozen by {User}: {Count} reports stored.", result.Year, who, result.Files.Count);
        return result;
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
