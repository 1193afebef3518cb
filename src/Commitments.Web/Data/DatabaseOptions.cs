using Commitments.Core.Persistence;

namespace Commitments.Web.Data;

/// <summary>
/// Configuration section "Database". The connection string itself is ConnectionStrings:Commitments;
/// both can be set by environment variables (Database__Provider, ConnectionStrings__Commitments).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the embedded database, the Hangfire database and the e-mail pickup folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations on start-up (the default, so a fresh clone just runs).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
