using Commitments.Core.Tenancy;

namespace Commitments.Web.Reporting;

/// <summary>There is no reporting cycle for the year asked for.</summary>
public sealed class ReportCycleNotFoundException(int year)
    : Exception($"There is no reporting cycle for the year {year}.")
{
    public int Year { get; } = year;
}

/// <summary>
/// The data scope may not download the annual report: a scope without its anchor (no region, no
/// organisation). National, regional and organisation scopes each get their own report.
/// </summary>
public sealed class ReportScopeNotAllowedException(DataScope scope)
    : InvalidOperationException($"The annual report needs a national, regional or organisation scope; '{scope.Description}' has scope {scope.Kind}.")
{
    public DataScopeKind ScopeKind { get; } = scope.Kind;
}
