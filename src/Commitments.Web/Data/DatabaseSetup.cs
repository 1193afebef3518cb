using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Data;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Commitments";

    /// <summary>Registers the DbContext for the configured provider, with its own migrations assembly.</summary>
    public static WebApplicationBuilder AddCommitmentsDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDirectory = ResolveDataDirectory(builder.Environment.ContentRootPath, options.DataDirectory);
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        builder.Services.AddSingleton(new DataDirectory(dataDirectory));

        var connection = new DatabaseConnection(options.Provider, ConnectionString(builder.Configuration, options.Provider, dataDirectory));
        builder.Services.AddSingleton(connection);
        builder.Services.AddDbContext<CommitmentsDbContext>((services, db) =>
        {
            CommitmentsDatabase.Configure(db, connection.Provider, connection.ConnectionString);
            // Interceptors registered in DI (command counting in tests, diagnostics) join every context.
            db.AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        builder.Services.AddHealthChecks().AddDbContextCheck<CommitmentsDbContext>("database");
        return builder;
    }

    /// <summary>The configured connection string, or for SQLite a file in the data folder.</summary>
    private static string ConnectionString(IConfiguration configuration, DatabaseProvider provider, string dataDirectory)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "Database:Provider is Postgres but ConnectionStrings:Commitments is empty. " +
                "Set it, for example with the environment variable ConnectionStrings__Commitments.");
        }
        Directory.CreateDirectory(dataDirectory);
        return $"Data Source={Path.Combine(dataDirectory, "commitments.db")}";
    }

    private static string ResolveDataDirectory(string contentRoot, string configured) =>
        Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));

    /// <summary>Applies pending migrations. Runs with a full scope because no user is signed in at start-up.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("start-up migration"));
        var db = scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // SQLite keeps no statistics unless asked; without them it pages a partner's search
            // through the status index (every approved commitment) instead of its own few (ADR-0023).
            // analysis_limit samples each index, so this stays cheap at national scale.
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;");
        }
    }

    /// <summary>
    /// Gives a new installation its regions, provinces and themes, in every environment (Production
    /// included): without them nobody can register anything. Only empty tables are filled, so what
    /// administrators renamed or added later is never re-added or overwritten (see ReferenceDataSeeder).
    /// Runs after the migrations, with a full scope because no user is signed in at start-up.
    /// </summary>
    public static async Task EnsureReferenceDataAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("start-up reference data"));
        var db = scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>();
        var added = await ReferenceDataSeeder.EnsureAsync(db);
        if (added.Regions + added.Themes > 0)
        {
            app.Logger.LogInformation("Reference data added: {Regions} regions with their provinces, {Themes} themes.", added.Regions, added.Themes);
        }
    }
}

/// <summary>The provider and connection string in force, resolved once from configuration.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString);

/// <summary>The folder that holds the embedded database, Hangfire's database and the e-mail pickup folder.</summary>
public sealed record DataDirectory(string Path);
