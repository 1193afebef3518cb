using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;

namespace Commitments.Tools;

public static class ToolDatabase
{
    /// <summary>A context that sees and may write everything, named after the tool that asks for it.</summary>
    public static CommitmentsDbContext CreateContext(DatabaseProvider provider, string connectionString, string why) =>
        new(CommitmentsDatabase.Options(provider, connectionString), new ExplicitDataScopeAccessor(DataScope.Everything(why)), TimeProvider.System);
}
