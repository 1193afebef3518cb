using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Web.Dashboards;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// How many commitments the list finds, kept per data scope, status filter and search text for as long
/// as the data is unchanged (the data version of ADR-0022, raised by every save of commitments, their
/// co-partners and organisations: everything the count, the search and the tenancy filter read).
/// Counting reads every match (9,250 rows for a word in a third of all titles), the page only 50.
/// The count itself is computed by the DbContext under the request's scope; the key holds that scope
/// exactly (kind, organisation, landsdeel), so one scope's count is never shown to another.
/// Changes made around the application (SQL by hand) show after <see cref="DashboardCache.MaxAge"/>.
/// </summary>
public sealed class ListCounts(TimeProvider time) : IDisposable
{
    // A cache of its own, on the dashboards' mechanism: the search text is the user's, so the number
    // of keys is not bounded by the data, and searches must not push the dashboards' figures out.
    private readonly DashboardCache entries = new(time, sizeLimit: 2000);

    private sealed record Counted(int Count);

    /// <summary>The key of a count: scope, data version, status, and the search text as searched (trimmed), last.</summary>
    public static string Key(DataScope scope, long version, CommitmentStatus? status, string? search)
    {
        var term = search?.Trim() ?? "";
        return $"{scope.Kind}|o{scope.OrganizationId}|r{scope.RegionId}|v{version}|s{status}|{term.Length}:{term}";
    }

    /// <summary>The cached count of this key, or <paramref name="count"/>'s result, then kept.</summary>
    public async Task<int> GetOrCountAsync(string key, Func<Task<int>> count) =>
        (await entries.GetOrComputeAsync(key, async () => new Counted(await count()))).Count;

    public void Dispose() => entries.Dispose();
}
