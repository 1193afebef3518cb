using Microsoft.EntityFrameworkCore;

namespace Commitments.Core.Persistence;

/// <summary>The two database products the product runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// How a <see cref="CommitmentsDbContext"/> is connected: the provider and its own migrations
/// assembly. The one place for this, used by the web host, the tools and the tests alike.
/// </summary>
public static class CommitmentsDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString,
                o => o.MigrationsAssembly("Commitments.Migrations.Sqlite")),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o => o
                .MigrationsAssembly("Commitments.Migrations.Postgres")
                .EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Use Sqlite or Postgres."),
        };

    public static DbContextOptions<CommitmentsDbContext> Options(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CommitmentsDbContext>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }
}
