using Commitments.Core.Domain;
using Commitments.Web.Pages.Progress;

namespace Commitments.Web.Reporting;

/// <summary>
/// What the workbook says, worked out by <see cref="AnnualReportBuilder"/>; <see cref="AnnualReportWorkbook"/>
/// only lays it out. The figures are held; the long lists are not: their rows are read from the database
/// a chunk at a time while their sheet is written (<see cref="AnnualReportModel.CommitmentRows"/>,
/// <see cref="AnnualReportModel.IndicatorRows"/>, <see cref="AnnualReportModel.ProgressRows"/>), so each
/// can be enumerated once. <see cref="AnnualReportModel.NotReported"/> is complete once the commitment
/// rows have been written.
/// </summary>
internal sealed record AnnualReportModel(
    int Year,
    string ScopeLabel,
    DateTime GeneratedAtAmsterdam,
    string MadeBy,
    DateOnly UpdatesDueOn,
    bool PastDue,
    int Partners,
    IReadOnlyList<StatusCount> StatusCounts,
    int DraftCount,
    decimal TotalBudget,
    int WithInKind,
    ProgressFigures Progress,
    IReadOnlyList<string> RegionNames,
    IReadOnlyList<BreakdownLine> Regions,
    IReadOnlyList<BreakdownLine> Themes,
    IReadOnlyList<MatrixLine> Matrix,
    int CommitmentCount,
    Func<IAsyncEnumerable<CommitmentLine>> CommitmentRows,
    int IndicatorCount,
    Func<IAsyncEnumerable<IndicatorLine>> IndicatorRows,
    int NotReportedCount,
    Func<IReadOnlyList<NotReportedLine>> NotReported,
    Func<IAsyncEnumerable<ProgressLine>> ProgressRows,
    int ProgressRowCount);

internal sealed record StatusCount(CommitmentStatus Status, int Count);

/// <summary>How the cycle's progress stands: of the commitments that report, how many did and how they are doing.</summary>
internal sealed record ProgressFigures(int Reporting, int Reported, int OnTrack, int AtRisk, int Behind)
{
    public double? ReportedShare => Reporting == 0 ? null : (double)Reported / Reporting;
    public double? Share(int count) => Reported == 0 ? null : (double)count / Reported;
}

/// <summary>One line of "Per thema" or "Per landsdeel" (and the summary's short tables).</summary>
internal sealed record BreakdownLine(
    string Name,
    int Commitments,
    int Approved,
    decimal AttributedCommitments,
    decimal Budget,
    ProgressFigures Progress,
    int Indicators,
    int IndicatorsWithProgress,
    double? AverageProgress,
    int TargetsReached);

/// <summary>One theme's row of the theme × landsdeel matrix: counts and budgets in the order of <see cref="AnnualReportModel.RegionNames"/>.</summary>
internal sealed record MatrixLine(string Theme, IReadOnlyList<int> Counts, IReadOnlyList<decimal> Budgets);

/// <summary>One row of the sheet "Toezeggingen".</summary>
internal sealed record CommitmentLine(
    int Id,
    string Title,
    string LeadOrganization,
    string? KvkNumber,
    OrganizationType OrganizationType,
    string Region,
    string? Province,
    string Themes,
    string CoPartners,
    CommitmentStatus Status,
    DateOnly? StartDate,
    DateOnly? EndDate,
    decimal? BudgetEuros,
    string? InKind,
    string? ContactName,
    string? ContactEmail,
    int Indicators,
    ProgressHealth? LatestHealth,
    int? LatestProgressYear,
    DateTime? LatestReportedAt);

/// <summary>One row of the sheet "Indicatoren".</summary>
internal sealed record IndicatorLine(
    int CommitmentId,
    string Commitment,
    string LeadOrganization,
    string Region,
    string Name,
    string Unit,
    decimal Baseline,
    decimal? Target,
    DateOnly? TargetDate,
    decimal? LatestValue,
    int? LatestYear,
    decimal? ProgressPercent);

/// <summary>One row of the sheet "Voortgang": a filed progress update of the cycle.</summary>
internal sealed record ProgressLine(
    int CommitmentId,
    string Commitment,
    string LeadOrganization,
    string Region,
    ProgressUpdateStatus Status,
    ProgressHealth Health,
    DateTime? SubmittedAt,
    DateTime? ApprovedAt,
    string? Narrative,
    string? EvidenceUrl);

/// <summary>One row of the sheet "Niet gerapporteerd".</summary>
internal sealed record NotReportedLine(
    string Organization,
    string Region,
    int CommitmentId,
    string Commitment,
    ReportState State,
    bool Overdue,
    string? ContactName,
    string? ContactEmail,
    int OrganizationId);
