using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore.Design;

namespace Commitments.Migrations.Sqlite;

/// <summary>
/// Lets `dotnet ef migrations add` build the model for Sqlite without starting the web application.
/// The connection string is never opened when adding a migration.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CommitmentsDbContext>
{
    public CommitmentsDbContext CreateDbContext(string[] args) =>
        new(CommitmentsDatabase.Options(DatabaseProvider.Sqlite, "Data Source=design-time.db"),
            new ExplicitDataScopeAccessor(DataScope.None), TimeProvider.System);
}
