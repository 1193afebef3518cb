using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Commitments.Migrations.Sqlite;

/// <summary>
/// Lets `dotnet ef migrations add` build the model for Sqlite without starting the web application.
/// The connection string is never opened when adding a migration.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CommitmentsDbContext>
{
    public CommitmentsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CommitmentsDbContext>();
        options.UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeDbContextFactory).Assembly.GetName().Name));
        return new CommitmentsDbContext(options.Options, new ExplicitDataScopeAccessor(DataScope.None), TimeProvider.System);
    }
}
