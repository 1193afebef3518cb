using System.Collections.Concurrent;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Commitments.Web.Dashboards;

/// <summary>
/// The aggregated figures of the national and regional dashboards, kept per data scope and filter
/// for as long as the data they summarise is unchanged (ADR-0022). An entry's key holds the scope
/// (national, or the landsdeel of a lead: the only scopes with this dashboard, and exactly what the
/// DbContext's filters read for them), the filters, the cycles the figures are for, and the value of
/// the database's <see cref="DataVersion"/> counter at the time. Every save of commitments, their
/// parts, progress updates, reviews or organisations raises that counter, in whichever instance of
/// the application it happens, so the next request of any instance reads a new key and computes
/// afresh: figures are never older than the request that reads the counter. Entries expire after
/// <see cref="MaxAge"/> all the same, for changes made outside the application (a database
/// administrator's SQL), and a bounded number is kept.
/// </summary>
public sealed class DashboardCache(TimeProvider time, int sizeLimit) : IDisposable
{
    /// <summary>The dashboards' own cache (the one the container makes): 500 entries.</summary>
    public DashboardCache(TimeProvider time) : this(time, 500)
    {
    }

    /// <summary>The longest a figure may be reused; only matters for changes made around the application.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    // Concurrent requests for the same missing key wait for one computation instead of each
    // running the same queries (after a change, every open dashboard asks at once).
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> running = new();

    private sealed record Entry(object Figures, DateTimeOffset ComputedAt);

    /// <summary>The current value of the counter: one query of one row.</summary>
    public static Task<long> VersionAsync(CommitmentsDbContext db, CancellationToken ct) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersion.Summaries).Select(v => v.Value).FirstOrDefaultAsync(ct);

    /// <summary>The key of the figures of this scope and these filters at this counter value.</summary>
    public static string Key(DataScope scope, long version, int year, int cycleId, int openCycleId, int? themeId, int? regionId) =>
        $"{Who(scope)}|v{version}|y{year}|c{cycleId}|o{openCycleId}|t{themeId}|r{regionId}";

    /// <summary>The key of the counts per state of "who has not reported" (Pages/Progress/NotReported).</summary>
    public static string NotReportedKey(DataScope scope, long version, int cycleId, string? regionCode) =>
        $"{Who(scope)}|v{version}|not-reported|c{cycleId}|r{regionCode}";

    /// <summary>The key of the review queue's counts (Pages/Reviews): what waits depends on the saved
    /// data and on which cycles are frozen; a freeze raises the counter too (CycleFreezer).</summary>
    public static string ReviewQueueKey(DataScope scope, long version) => $"{Who(scope)}|v{version}|review-queue";

    private static string Who(DataScope scope) =>
        scope.SeesEverything ? "national"
        : scope.Kind == DataScopeKind.Region ? $"region:{scope.RegionId}"
        : throw new InvalidOperationException("Figures are cached for national and regional scopes only.");

    /// <summary>Whether figures of this scope are cached: national and regional ones only.</summary>
    public static bool Caches(DataScope scope) => scope.SeesEverything || scope.Kind == DataScopeKind.Region;

    public async Task<T> GetOrComputeAsync<T>(string key, Func<Task<T>> compute) where T : class
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(key, out Entry? hit) && hit is { Figures: T figures } && now - hit.ComputedAt < MaxAge)
        {
            return figures;
        }
        var lazy = running.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await compute()));
        try
        {
            var computed = (T)await lazy.Value;
            entries.Set(key, new Entry(computed, now), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });
            return computed;
        }
        finally
        {
            running.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, lazy));
        }
    }

    public void Dispose() => entries.Dispose();
}

/// <summary>The figures of a dashboard before they are shaped by the reference data of the request.</summary>
public sealed record DashboardFigures(
    IReadOnlyList<(int RegionId, CommitmentStatus Status, int Count)> StatusRows,
    IReadOnlyDictionary<int, int> ThemeCounts,
    IReadOnlyDictionary<int, decimal> Attributed,
    decimal Total,
    int Reporting,
    int Reported,
    IReadOnlyDictionary<ProgressBand, int> Bands,
    IReadOnlyDictionary<int, int> Announced,
    IReadOnlyList<(int Year, ProgressHealth Health, int Count)> Filed);
