using Commitments.Core.Persistence;
using System.Diagnostics;
using System.Globalization;
using Commitments.Tools.ScaleData;
using Npgsql;

namespace Commitments.Tools;

/// <summary>
/// Command-line tools for working with a Techniekpact database.
/// <code>
/// dotnet run --project src/Commitments.Tools -c Release -- scale-data [--scale 1|10] [--provider Sqlite|Postgres] [--connection "..."]
/// </code>
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage:
          Commitments.Tools scale-data [--scale N] [--provider Sqlite|Postgres] [--connection "<connection string>"]

        scale-data  Fills an empty database with a deterministic national dataset:
                    scale 1 = 2,000 organisations and 20,000 commitments, scale 10 = ten times that.
                    Default: SQLite, file data/scale-<N>x.db under the current directory.
                    PostgreSQL needs --connection; the database is created if it does not exist.
                    Exit codes: 0 done, 1 wrong arguments, 2 refused (the database is not empty), 3 cancelled.
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        if (args[0] != "scale-data")
        {
            Console.Error.WriteLine($"Unknown command '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 1;
        }

        var scale = 1;
        var engine = DatabaseProvider.Sqlite;
        string? connection = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var understood = args[i] switch
            {
                "--scale" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out scale) && scale >= 1,
                "--provider" => Enum.TryParse(value, ignoreCase: true, out engine) && Enum.IsDefined(engine),
                "--connection" => !string.IsNullOrWhiteSpace(connection = value),
                _ => false,
            };
            if (!understood)
            {
                Console.Error.WriteLine($"Cannot use '{args[i]}'{(value == null ? "" : $" '{value}'")}.");
                Console.Error.WriteLine(Usage);
                return 1;
            }
        }

        string? file = null;
        if (connection == null)
        {
            if (engine == DatabaseProvider.Postgres)
            {
                Console.Error.WriteLine("--provider Postgres needs --connection \"Host=…;Database=…;Username=…;Password=…\".");
                return 1;
            }
            file = Path.GetFullPath(Path.Combine("data", $"scale-{scale}x.db"));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            connection = $"Data Source={file}";
        }

        var options = new ScaleDataOptions { Scale = scale };
        Console.WriteLine($"Scale data, scale {scale}: {options.OrganizationCount:N0} organisations, {options.CommitmentCount:N0} commitments");
        Console.WriteLine($"Database: {engine}, {Describe(engine, connection)}");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        ScaleDataResult result;
        try
        {
            result = await ScaleDataGenerator.GenerateAsync(engine, connection, options, Console.Out, cancel.Token);
        }
        catch (ScaleDataRefusedException refused)
        {
            Console.Error.WriteLine("Refused: " + refused.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled; the transaction was rolled back.");
            return 3;
        }

        Console.WriteLine();
        Console.WriteLine($"{"Table",-24}{"Rows",14}");
        foreach (var table in result.Tables)
        {
            Console.WriteLine($"{table.Table,-24}{table.Rows,14:N0}");
        }
        Console.WriteLine($"{"Total",-24}{result.TotalRows,14:N0}");
        Console.WriteLine($"Elapsed: {result.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MiB");
        if (file != null)
        {
            Console.WriteLine($"File: {file} ({new FileInfo(file).Length / (1024.0 * 1024):0.0} MiB)");
        }
        return 0;
    }

    /// <summary>The connection without its password, for the console.</summary>
    private static string Describe(DatabaseProvider engine, string connection)
    {
        if (engine == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(connection) { Password = null };
            return builder.ConnectionString;
        }
        return connection;
    }
}
