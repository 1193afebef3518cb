using Commitments.Core.Persistence;
using Npgsql;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// What a developer sees when PostgreSQL is not right: a missing server may skip the PostgreSQL tests
/// outside CI, but a server that refuses the configured password is a failure that says so, anywhere.
/// </summary>
public sealed class TestDatabaseTests
{
    /// <summary>Needs the configured server with password authentication (Debian's default over TCP).</summary>
    [SkippableFact]
    public async Task A_wrong_postgres_password_fails_with_the_servers_answer_and_is_never_skipped()
    {
        // The configured server must be there, or this test is itself about a missing server.
        await (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).DisposeAsync();
        var wrong = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Password = "wrong-" + Guid.NewGuid().ToString("N") };

        var failure = await Record.ExceptionAsync(() => TestDatabase.CreateAsync(DatabaseProvider.Postgres, wrong.ConnectionString));

        Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("28P01", failure.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong.Password!, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_postgres_server_skips_with_instructions_outside_ci_and_fails_under_ci()
    {
        // Nothing listens on port 1.
        const string nowhere = "Host=127.0.0.1;Port=1;Username=postgres;Password=postgres;Timeout=5";

        var failure = await Record.ExceptionAsync(() => TestDatabase.CreateAsync(DatabaseProvider.Postgres, nowhere));

        Assert.IsType(TestEnvironment.InCi ? typeof(InvalidOperationException) : typeof(SkipException), failure);
        Assert.Contains("No PostgreSQL server is reachable", failure.Message, StringComparison.Ordinal);
        Assert.Contains(TestDatabase.PostgresVariable, failure.Message, StringComparison.Ordinal);
    }
}
