using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tools;

/// <summary>The database products the tools can write to; the same two the web application runs on.</summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Opens the product's DbContext the way the web application does (Commitments.Web.Data.DatabaseSetup):
/// same provider switch, same migrations assemblies. It is repeated here rather than referenced so that
/// a console tool does not pull in the web host, its configuration files and its background-job and
/// e-mail packages. Keep the two in step.
/// </summary>
public static class ToolDatabase
{
    public static DbContextOptions<CommitmentsDbContext> Options(DatabaseEngine engine, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CommitmentsDbContext>();
        switch (engine)
        {
            case DatabaseEngine.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly("Commitments.Migrations.Sqlite"));
                break;
            case DatabaseEngine.Postgres:
                builder.UseNpgsql(connectionString, o => o
                    .MigrationsAssembly("Commitments.Migrations.Postgres")
                    .EnableRetryOnFailure());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(engine), engine, "Use Sqlite or Postgres.");
        }
        return builder.Options;
    }

    /// <summary>A context that sees and may write everything, named after the tool that asks for it.</summary>
    public static CommitmentsDbContext CreateContext(DatabaseEngine engine, string connectionString, string why) =>
        new(Options(engine, connectionString), new ExplicitDataScopeAccessor(DataScope.Everything(why)), TimeProvider.System);
}
