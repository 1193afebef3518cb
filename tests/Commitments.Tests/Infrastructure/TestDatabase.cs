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

    private TestDatabase(DatabaseProvider provider, string connectionString, string directory, string? postgresServer, string? postgresName)
    {
        _postgresServer = postgresServer;
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _postgresName = postgresName;
    }

    private readonly string? _postgresServer;
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

    /// <summary>The server the PostgreSQL test databases are created on.</summary>
    public static string PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : DefaultPostgres;

    public static Task<TestDatabase> CreateAsync() => CreateAsync(SuiteProvider);

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) => CreateAsync(provider, PostgresServer);

    /// <summary>
    /// Creates and migrates a database. When PostgreSQL is asked for but no server answers, the test
    /// is skipped with instructions, except under CI, where it fails. A server that answers but refuses
    /// (wrong password, role not allowed) is always a failure: the suite is set up wrongly, not absent.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string postgresServer)
    {
        var directory = Path.Combine(Path.GetTempPath(), "commitments-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            database = new TestDatabase(provider, $"Data Source={Path.Combine(directory, "commitments.db")}", directory, null, null);
        }
        else
        {
            var server = postgresServer;
            var name = "commitments_test_" + Guid.NewGuid().ToString("N")[..12];
            try
            {
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL at '{Redacted(server)}' refused the sign-in ({e.SqlState}: {e.MessageText}). Set " +
                    $"{PostgresVariable} to the connection string of a role that may sign in and create databases.", e);
            }
            catch (Exception e) when (e is NpgsqlException and not PostgresException or System.Net.Sockets.SocketException or TimeoutException)
            {
                TestEnvironment.ServiceMissing(
                    $"No PostgreSQL server is reachable at '{Redacted(server)}' ({e.Message}). Start a server and set " +
                    $"{PostgresVariable} to a connection string of a role that may create databases, " +
                    "or run .ci/run, which installs and starts one.", e);
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            database = new TestDatabase(provider, builder.ConnectionString, directory, server, name);
        }

        await using (var db = database.CreateContext(DataScope.Everything("test set-up")))
        {
            await db.Database.MigrateAsync();
        }
        return database;
    }

    /// <summary>The connection string without its password, for messages.</summary>
    private static string Redacted(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        if (builder.Password != null)
        {
            builder.Password = "***";
        }
        return builder.ConnectionString;
    }

    public CommitmentsDbContext CreateContext(DataScope scope, TimeProvider? time = null) =>
        new(Options(), new ExplicitDataScopeAccessor(scope), time ?? TimeProvider.System);

    public DbContextOptions<CommitmentsDbContext> Options() => CommitmentsDatabase.Options(Provider, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_postgresName != null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_postgresServer);
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
