using Commitments.Core.Domain;

namespace Commitments.Tools.ScaleData;

/// <summary>Writes a <see cref="ScaleDataset"/> into an empty, migrated database in one transaction.</summary>
internal interface IBulkLoader
{
    Task<IReadOnlyList<TableCount>> LoadAsync(ScaleDataset data, TextWriter log, CancellationToken cancellationToken);
}

internal static class BulkLoading
{
    public static IEnumerable<(int CycleId, int ThemeId)> CycleThemes(IEnumerable<ReportingCycle> cycles) =>
        cycles.SelectMany(c => c.Themes.Select(t => (c.Id, t.Id)));

    public static IEnumerable<(int CommitmentId, int ThemeId)> ThemesOf(Commitment c) =>
        c.Themes.Select(t => (c.Id, t.Id));

    /// <summary>Passes the commitments through, reporting every tenth part done and honouring cancellation.</summary>
    public static IEnumerable<Commitment> WithProgress(IEnumerable<Commitment> commitments, int total, TextWriter log, string label,
        CancellationToken cancellationToken)
    {
        var step = Math.Max(1, total / 10);
        var done = 0;
        foreach (var commitment in commitments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return commitment;
            done++;
            if (done % step == 0 && done < total)
            {
                log.WriteLine($"    {label}: {done * 100L / total}% of the commitments");
            }
        }
    }

    public static string Count(long rows) => rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
