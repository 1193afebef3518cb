using Commitments.Core.Domain;

namespace Commitments.Web.Dashboards;

/// <summary>
/// The filters of the national and regional dashboard as they arrive in the address (?jaar=2018&amp;thema=3&amp;landsdeel=noord),
/// already checked: a value that is not a number, or names no cycle, theme or landsdeel this user may
/// choose, is dropped and named in <see cref="Ignored"/>, never an error.
/// </summary>
public sealed record DashboardFilter(int? Year, int? ThemeId, string? RegionCode, IReadOnlyList<string> Ignored)
{
    public static DashboardFilter None { get; } = new(null, null, null, []);
}

public sealed record CycleOption(int Id, int Year, bool Frozen);

public sealed record ThemeOption(int Id, string Name);

public sealed record RegionOption(int Id, string Code, string Name);

/// <summary>A landsdeel's commitments by status (the report's status rules) and the budget attributed to it.</summary>
public sealed record RegionFigures(RegionOption Region, IReadOnlyDictionary<CommitmentStatus, int> ByStatus, decimal AttributedBudget)
{
    public int Count(CommitmentStatus status) => ByStatus.GetValueOrDefault(status);

    /// <summary>Commitments as the report lists them: all but drafts that were never approved.</summary>
    public int InReport => ByStatus.Where(s => s.Key != CommitmentStatus.Draft).Sum(s => s.Value);
}

/// <summary>How far indicators have come from baseline to target, in bands (see <see cref="DashboardQueries"/>).</summary>
public enum ProgressBand
{
    NoTarget = 0,
    Below25 = 1,
    From25 = 2,
    From50 = 3,
    From75 = 4,
    Reached = 5,
}

/// <summary>One reporting year on the trend line: commitments in the report up to that year, updates filed in it.</summary>
public sealed record TrendPoint(int Year, int Commitments, int UpdatesFiled, int OnTrack);

/// <summary>Everything the national (ministry, administrator) or regional (lead) dashboard shows.</summary>
public sealed record OverviewDashboard(
    DashboardFilter Filter,
    IReadOnlyList<CycleOption> Cycles,
    IReadOnlyList<ThemeOption> Themes,
    IReadOnlyList<RegionOption> Regions,
    CycleOption? Cycle,
    CycleOption? OpenCycle,
    IReadOnlyList<(ThemeOption Theme, int Count)> PerTheme,
    IReadOnlyList<RegionFigures> PerRegion,
    int ReportingCommitments,
    int Reported,
    IReadOnlyList<(ProgressBand Band, int Count)> IndicatorProgress,
    IReadOnlyList<TrendPoint> Trend,
    decimal TotalBudget)
{
    public int StatusTotal(CommitmentStatus status) => PerRegion.Sum(r => r.Count(status));
}

/// <summary>What waits for a partner: its own commitments by status and the progress updates it still owes.</summary>
public sealed record PartnerDashboard(
    string OrganizationName,
    IReadOnlyList<(CommitmentStatus Status, int Count)> ByStatus,
    CycleOption? OpenCycle,
    DateOnly? UpdatesDueOn,
    int ReportingCommitments,
    int StillToReport,
    IReadOnlyList<DueRow> Due,
    IReadOnlyList<ReturnedUpdateRow> ReturnedUpdates);

/// <summary>A commitment whose update for the open cycle is not yet filed; <paramref name="State"/> null when not begun.</summary>
public sealed record DueRow(int CommitmentId, string Title, ProgressUpdateStatus? State);

public sealed record ReturnedUpdateRow(int CommitmentId, string Title, int Year, string? Comment);
