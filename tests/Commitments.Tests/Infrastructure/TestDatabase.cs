using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database for one test class: a SQLite file in a temporary folder, or a new
/// PostgreSQL database on the server named by COMMITMENTS_TEST_POSTGRES.
/// Which provider the suite runs on is chosen by COMMITMENTS_TEST_DB (Sqlite, the default, or Postgres).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ProviderVariable = "COMMITMENTS_TEST_DB";
    public const string PostgresVariable = "COMMITMENTS_TEST_POSTGRES";
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private TestDatabase(DatabaseProvider provider, string connectionString, string directory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>A temporary folder for this database's companions (data folder, e-mail pickup).</summary>
    public string Directory { get; }

    /// <summary>The provider the suite runs on.</summary>
    public static DatabaseProvider SuiteProvider =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var p)
            ? p
            : DatabaseProvider.Sqlite;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static Task<TestDatabase> CreateAsync() => CreateAsync(SuiteProvider);

    /// <summary>
    /// Creates and migrates a database. When PostgreSQL is asked for but cannot be reached, the test
    /// is skipped with instructions, except under CI=true, where it fails.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "commitments-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            database = new TestDatabase(provider, $"Data Source={Path.Combine(directory, "commitments.db")}", directory, null);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable) ?? DefaultPostgres;
            var name = "commitments_test_" + Guid.NewGuid().ToString("N")[..12];
            try
            {
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                var message = $"PostgreSQL is not reachable at '{server}' ({e.Message}). Start a server and set " +
                              $"{PostgresVariable} to a connection string of a role that may create databases, " +
                              "or run .ci/run, which installs and starts one.";
                if (InCi)
                {
                    throw new InvalidOperationException("CI=true: " + message, e);
                }
                Skip.If(true, message);
                throw; // not reached: Skip.If throws
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            database = new TestDatabase(provider, builder.ConnectionString, directory, name);
        }

        await using (var db = database.CreateContext(DataScope.Everything("test set-up")))
        {
            await db.Database.MigrateAsync();
        }
        return database;
    }

    public CommitmentsDbContext CreateContext(DataScope scope, TimeProvider? time = null) =>
        new(Options(), new ExplicitDataScopeAccessor(scope), time ?? TimeProvider.System);

    public DbContextOptions<CommitmentsDbContext> Options() => CommitmentsDatabase.Options(Provider, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_postgresName != null)
        {
            NpgsqlConnection.ClearAllPools();
            var server = Environment.GetEnvironmentVariable(PostgresVariable) ?? DefaultPostgres;
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the temp folder is cleaned by the OS.
        }
    }
}
