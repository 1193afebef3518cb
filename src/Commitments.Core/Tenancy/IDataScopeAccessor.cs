namespace Commitments.Core.Tenancy;

/// <summary>Gives the data layer the scope of the current unit of work (request or job).</summary>
public interface IDataScopeAccessor
{
    DataScope Current { get; }
}

/// <summary>
/// A scope that is set explicitly, by a background job, a report run or start-up code. Register it
/// scoped: one per request or per job, so that a scope can never leak into another unit of work.
/// </summary>
public sealed class ExplicitDataScopeAccessor : IDataScopeAccessor
{
    public ExplicitDataScopeAccessor(DataScope scope) => Current = scope;

    public DataScope Current { get; set; }
}
