using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore.Design;

namespace Commitments.Migrations.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add` build the model for Postgres without starting the web application.
/// The connection string is never opened when adding a migration.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CommitmentsDbContext>
{
    public CommitmentsDbContext CreateDbContext(string[] args) =>
        new(CommitmentsDatabase.Options(DatabaseProvider.Postgres, "Host=localhost;Database=commitments_design"),
            new ExplicitDataScopeAccessor(DataScope.None), TimeProvider.System);
}
