using Commitments.Core.Persistence;
using System.Net;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Data;

/// <summary>
/// Both database providers, whatever provider the rest of the suite runs on: the migrations apply
/// to an empty database, leave no model change behind, and the application starts and serves a
/// signed-in partner. PostgreSQL tests skip outside CI when no server is reachable, and fail in CI.
/// </summary>
public sealed class ProviderSmokeTests
{
    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrations_apply_to_an_empty_database_and_match_the_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext(Core.Tenancy.DataScope.Everything("test"));

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration covers.");
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_application_starts_seeds_and_serves_a_partner(DatabaseProvider provider)
    {
        await using var app = provider == DatabaseProvider.Postgres ? new PostgresWebFactory() : (CommitmentsWebFactory)new SqliteWebFactory();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            using var anonymous = app.Anonymous();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

            using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
            var (response, page) = await partner.GetPageAsync("/Commitments");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Techniekpromotie op 3/4 van de basisscholen", page.Body!.TextContent);

            await using var db = app.CreateAdminDbContext();
            Assert.Equal(5, await db.Regions.CountAsync());
            Assert.True(await db.Organizations.CountAsync() >= 30);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
