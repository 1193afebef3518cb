using Commitments.Core.Domain;

namespace Commitments.Web.Reporting;

/// <summary>Everything the workbook shows, already gathered and aggregated; the writer only lays it out.</summary>
internal sealed record AnnualReportModel(
    int Year,
    string ScopeLabel,
    DateTime GeneratedAtAmsterdam,
    IReadOnlyList<StatusCount> StatusCounts,
    int DraftCount,
    decimal TotalBudget,
    IReadOnlyList<RegionSummary> Regions,
    IReadOnlyList<ThemeSummary> Themes,
    IReadOnlyList<CommitmentLine> Commitments);

internal sealed record StatusCount(CommitmentStatus Status, int Count);

internal sealed record RegionSummary(string Name, int Commitments, int Approved, decimal Budget);

internal sealed record ThemeSummary(string Name, int Commitments, decimal Budget);

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
    int Indicators,
    ProgressHealth? LatestHealth,
    int? LatestProgressYear);
