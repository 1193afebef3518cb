using Commitments.Core.Persistence;
using System.Data.Common;
using System.Globalization;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Tools;
using Commitments.Tools.ScaleData;
using Commitments.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.ScaleData;

/// <summary>Runs the scale data generator at a small size against a test database, and reads raw rows back.</summary>
internal static class ScaleDataTestSupport
{
    /// <summary>Small enough for a test, large enough for every status, type and table to occur.</summary>
    public static readonly ScaleDataOptions Small = new() { Organizations = 50, Commitments = 400 };

    public static Task<ScaleDataResult> GenerateAsync(TestDatabase database, ScaleDataOptions? options = null) =>
        ScaleDataGenerator.GenerateAsync(database.Provider, database.ConnectionString, options ?? Small);

    /// <summary>
    /// Every row of every table of the model, in a stable order, each value with the type the database gave back.
    /// Values of the <paramref name="masked"/> columns are shown as "*" (values that differ between runs on purpose).
    /// </summary>
    public static async Task<List<string>> DumpAsync(TestDatabase database, IReadOnlySet<string>? masked = null)
    {
        await using var db = database.CreateContext(DataScope.Everything("test"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var table in db.Model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var columns = table.Columns.Select(c => c.Name).ToList();
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table.Name}\" " +
                $"ORDER BY {string.Join(", ", Enumerable.Range(1, columns.Count))}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(table.Name + ": " + string.Join(" | ", Enumerable.Range(0, columns.Count)
                    .Select(i => masked?.Contains(columns[i]) == true ? "*" : Show(reader, i))));
            }
        }
        return lines;
    }

    /// <summary>One row as stored: column name → storage type and value.</summary>
    public static async Task<Dictionary<string, string>> RawRowAsync(TestDatabase database, string table, string where)
    {
        await using var db = database.CreateContext(DataScope.Everything("test"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE {where}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row in {table} where {where}");
        var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => Show(reader, i));
        Assert.False(await reader.ReadAsync(), $"more than one row in {table} where {where}");
        return row;
    }

    /// <summary>The value with its CLR type as the driver returns it: on SQLite that is the storage class (TEXT → String, INTEGER → Int64).</summary>
    private static string Show(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return "NULL";
        }
        var value = reader.GetValue(ordinal);
        var text = value switch
        {
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToHexString(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return $"{value.GetType().Name}:{text}";
    }
}
