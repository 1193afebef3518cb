using System.Diagnostics;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Commitments.Tools.ScaleData;

/// <summary>
/// SQLite: one transaction, one prepared INSERT per table, reused for every row. Each commitment is
/// written with everything that hangs off it before the next one is generated, so memory stays flat.
/// </summary>
/// <remarks>
/// During the load the connection runs with <c>synchronous = OFF</c>: without fsync a power cut could
/// corrupt the file, which is acceptable for a generated file that is simply made again, and the setting
/// ends with the connection. With a single transaction it matters little anyway (there is one commit).
/// The journal mode is left as the application has it: WAL would be written into the file and change
/// how the application later uses it, and with one transaction on an empty database the rollback
/// journal stays small. A larger page cache (64 and 256 MiB were tried at scale 10) made no measurable
/// difference because rows arrive in key order, so the default is kept. Foreign keys are enforced.
/// </remarks>
internal sealed class SqliteBulkLoader(string connectionString) : IBulkLoader
{
    public async Task<IReadOnlyList<TableCount>> LoadAsync(ScaleDataset data, TextWriter log, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;";
            pragmas.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var cycles = new SqliteInserter<ReportingCycle>(connection, transaction, ScaleDataTables.ReportingCycles);
        using var cycleThemes = new SqliteInserter<(int, int)>(connection, transaction, ScaleDataTables.ReportingCycleThemes);
        using var organizations = new SqliteInserter<Organization>(connection, transaction, ScaleDataTables.Organizations);
        using var commitments = new SqliteInserter<Commitment>(connection, transaction, ScaleDataTables.Commitments);
        using var commitmentThemes = new SqliteInserter<(int, int)>(connection, transaction, ScaleDataTables.CommitmentThemes);
        using var coPartners = new SqliteInserter<CommitmentCoPartner>(connection, transaction, ScaleDataTables.CommitmentCoPartners);
        using var indicators = new SqliteInserter<Indicator>(connection, transaction, ScaleDataTables.Indicators);
        using var updates = new SqliteInserter<ProgressUpdate>(connection, transaction, ScaleDataTables.ProgressUpdates);
        using var values = new SqliteInserter<IndicatorValue>(connection, transaction, ScaleDataTables.IndicatorValues);
        using var roles = new SqliteInserter<IdentityRole>(connection, transaction, ScaleDataTables.Roles);
        using var users = new SqliteInserter<AppUser>(connection, transaction, ScaleDataTables.Users);
        using var userRoles = new SqliteInserter<IdentityUserRole<string>>(connection, transaction, ScaleDataTables.UserRoles);

        var clock = Stopwatch.StartNew();
        foreach (var cycle in data.Cycles)
        {
            cycles.Insert(cycle);
        }
        foreach (var row in BulkLoading.CycleThemes(data.Cycles))
        {
            cycleThemes.Insert(row);
        }
        foreach (var organization in data.Organizations)
        {
            organizations.Insert(organization);
        }
        log.WriteLine($"  reporting cycles and organisations written ({clock.Elapsed.TotalSeconds:0.0} s)");
        foreach (var role in data.Accounts.NewRoles)
        {
            roles.Insert(role);
        }
        foreach (var user in data.Accounts.Users)
        {
            users.Insert(user);
        }
        foreach (var userRole in data.Accounts.UserRoles)
        {
            userRoles.Insert(userRole);
        }
        if (data.Accounts.Any)
        {
            log.WriteLine($"  {BulkLoading.Count(users.Counted.Rows)} accounts written ({clock.Elapsed.TotalSeconds:0.0} s)");
        }

        var total = data.Options.CommitmentCount;
        foreach (var commitment in BulkLoading.WithProgress(data.Commitments(), total, log, "written", cancellationToken))
        {
            commitments.Insert(commitment);
            foreach (var row in BulkLoading.ThemesOf(commitment))
            {
                commitmentThemes.Insert(row);
            }
            foreach (var coPartner in commitment.CoPartners)
            {
                coPartners.Insert(coPartner);
            }
            foreach (var indicator in commitment.Indicators)
            {
                indicators.Insert(indicator);
            }
            foreach (var update in commitment.ProgressUpdates)
            {
                updates.Insert(update);
                foreach (var value in update.Values)
                {
                    values.Insert(value);
                }
            }
        }
        log.WriteLine($"  all rows written ({clock.Elapsed.TotalSeconds:0.0} s), committing");
        transaction.Commit();
        log.WriteLine($"  committed ({clock.Elapsed.TotalSeconds:0.0} s)");

        List<TableCount> counts = [cycles.Counted, cycleThemes.Counted, organizations.Counted];
        if (data.Accounts.Any)
        {
            counts.AddRange([roles.Counted, users.Counted, userRoles.Counted]);
        }
        counts.AddRange([commitments.Counted, commitmentThemes.Counted, coPartners.Counted, indicators.Counted, updates.Counted, values.Counted]);
        return counts;
    }

    /// <summary>A prepared INSERT for one table; its parameters are the row writer's columns.</summary>
    private sealed class SqliteInserter<T> : IRowWriter, IDisposable
    {
        private readonly Table<T> _table;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;
        private int _ordinal;
        private long _rows;

        public SqliteInserter(SqliteConnection connection, SqliteTransaction transaction, Table<T> table)
        {
            _table = table;
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
            _parameters = table.Columns
                .Select((c, i) => _command.Parameters.Add("$p" + i, c.Kind is ColumnKind.Int or ColumnKind.Bool ? SqliteType.Integer : SqliteType.Text))
                .ToArray();
            _command.Prepare();
        }

        public TableCount Counted => new(_table.Name, _rows);

        public void Insert(T row)
        {
            _ordinal = 0;
            _table.Write(this, row);
            if (_ordinal != _parameters.Length)
            {
                throw new InvalidOperationException($"A row of \"{_table.Name}\" filled {_ordinal} of {_parameters.Length} columns.");
            }
            _command.ExecuteNonQuery();
            _rows++;
        }

        // Values go in as their CLR types with SqliteType.Text, so Microsoft.Data.Sqlite formats them
        // exactly as it does for EF Core: DateOnly 'yyyy-MM-dd', DateTime 'yyyy-MM-dd HH:mm:ss.FFFFFFF',
        // decimal '0.0###…' (invariant), Guid upper-case text. A test compares the stored text with EF's.
        public void Int(int? value) => Next(ColumnKind.Int).Value = value.HasValue ? value.Value : DBNull.Value;

        public void Text(string? value)
        {
            var maxLength = _table.MaxLengths[_ordinal];
            if (value != null && maxLength > 0 && value.Length > maxLength)
            {
                throw new InvalidOperationException($"\"{_table.Name}\".\"{_table.Columns[_ordinal].Name}\" allows {maxLength} characters, got {value.Length}: {value}");
            }
            Next(ColumnKind.Text).Value = (object?)value ?? DBNull.Value;
        }

        public void Date(DateOnly? value) => Next(ColumnKind.Date).Value = value.HasValue ? value.Value : DBNull.Value;

        public void Timestamp(DateTime? value)
        {
            RequireUtc(value);
            Next(ColumnKind.Timestamp).Value = value.HasValue ? value.Value : DBNull.Value;
        }

        public void Decimal(decimal? value) => Next(ColumnKind.Decimal).Value = value.HasValue ? value.Value : DBNull.Value;

        public void Uuid(Guid value) => Next(ColumnKind.Uuid).Value = value;

        // EF stores bool as INTEGER 0/1 and DateTimeOffset as text with its offset; the driver does the same.
        public void Bool(bool value) => Next(ColumnKind.Bool).Value = value;

        public void Offset(DateTimeOffset? value) => Next(ColumnKind.Offset).Value = value.HasValue ? value.Value : DBNull.Value;

        private SqliteParameter Next(ColumnKind kind)
        {
            var column = _table.Columns[_ordinal];
            if (column.Kind != kind)
            {
                throw new InvalidOperationException($"\"{_table.Name}\".\"{column.Name}\" is {column.Kind}, written as {kind}.");
            }
            return _parameters[_ordinal++];
        }

        private void RequireUtc(DateTime? value)
        {
            if (value is { Kind: not DateTimeKind.Utc } local)
            {
                throw new InvalidOperationException($"\"{_table.Name}\".\"{_table.Columns[_ordinal].Name}\": moments are stored in UTC, got {local.Kind}.");
            }
        }

        public void Dispose() => _command.Dispose();
    }
}
