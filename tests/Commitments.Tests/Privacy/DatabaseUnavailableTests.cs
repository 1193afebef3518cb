using System.Net;
using Commitments.Tests.Infrastructure;
using Npgsql;

namespace Commitments.Tests.Privacy;

/// <summary>
/// PostgreSQL stops accepting connections (and drops the open ones) while the application runs:
/// pages answer 503 "tijdelijk niet beschikbaar", /health says unhealthy, and when the database is
/// back the application serves again by itself.
/// </summary>
public sealed class DatabaseUnavailableTests(PostgresWebFactory app) : IClassFixture<PostgresWebFactory>
{
    [SkippableFact]
    public async Task Pages_answer_503_and_health_is_unhealthy_while_the_database_refuses_and_both_recover_when_it_is_back()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/Commitments")).StatusCode);
        using var monitor = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/health")).StatusCode);

        var name = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Database!;
        await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        try
        {
            await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");

            var page = await partner.GetAsync("/Commitments");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("Tijdelijk niet beschikbaar", await page.Content.ReadAsStringAsync());
            Assert.Equal(TimeSpan.FromSeconds(30), page.Headers.RetryAfter?.Delta);
            var health = await monitor.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
        }

        // Back: no restart, no intervention. A pooled connection that died with the outage may cost one more 503.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3 && statuses.LastOrDefault() != HttpStatusCode.OK; i++)
        {
            statuses.Add((await partner.GetAsync("/Commitments")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, statuses.Last());
        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/health")).StatusCode);
        Assert.Contains(DemoAccounts.PartnerDrenthe, await (await partner.GetAsync("/Commitments")).Content.ReadAsStringAsync());
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
