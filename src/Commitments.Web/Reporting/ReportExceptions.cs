using Commitments.Core.Tenancy;

namespace Commitments.Web.Reporting;

/// <summary>There is no reporting cycle for the year asked for.</summary>
public sealed class ReportCycleNotFoundException(int year)
    : Exception($"There is no reporting cycle for the year {year}.")
{
    public int Year { get; } = year;
}

/// <summary>
/// The data scope may not download the annual report. Only a national scope (ministries,
/// administrators) or a regional lead's scope may; partners get their own overviews instead.
/// </summary>
public sealed class ReportScopeNotAllowedException(DataScope scope)
    : InvalidOperationException($"The annual report is only for national or regional scopes; '{scope.Description}' has scope {scope.Kind}.")
{
    public DataScopeKind ScopeKind { get; } = scope.Kind;
}
